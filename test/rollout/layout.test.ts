// The proxy layout deploy --strategy needs, read from the compose model and the site files;
// unsupported layouts get a message saying what to change. No engine needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProxyLayout, upstreamConfig } from '../../runtime/src/proxy/nginx';
import { loadTaskProject } from '../../runtime/src/tasks/project';
import { durationSeconds } from '../../runtime/src/tasks/rollout/containers';
import { parseTaskArgs } from '../../server/src/cli/tasks';
import { parseTaskDefinition } from '../../runtime/src/tasks/definition';
import { EXAMPLE_DIR } from './exampleStack';

function copyExample(edit?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-layout-'));
  fs.cpSync(EXAMPLE_DIR, dir, { recursive: true });
  edit?.(dir);
  return dir;
}

function layoutOf(dir: string) {
  const project = loadTaskProject({ files: [path.join(dir, 'compose.yaml')], env: { POSTGRES_PASSWORD: 'x', REDIS_PASSWORD: 'y' } });
  assert.ok(project.ok, project.ok ? '' : project.message);
  return findProxyLayout(project.value);
}

test('the example stack: nginx service "proxy", conf dir ./proxy, upstream "api" on port 8000', (t) => {
  const dir = copyExample();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const l = layoutOf(dir);
  assert.ok(l.ok, l.ok ? '' : l.message);
  assert.equal(l.value.proxyService, 'proxy');
  assert.equal(l.value.service, 'api');
  assert.equal(l.value.port, 8000);
  assert.equal(l.value.confDir, path.join(dir, 'proxy'));
  const text = upstreamConfig(l.value, [{ address: '10.0.0.2', port: 8000, note: 'x_api_2 (img:1)' }], 'test');
  assert.match(text, /upstream api \{\n {2}server 10\.0\.0\.2:8000; # x_api_2 \(img:1\)\n/);
});

test('unsupported layouts say what to change', (t) => {
  const dirs: string[] = [];
  t.after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const direct = copyExample((d) => fs.writeFileSync(path.join(d, 'proxy', 'site.conf'), 'server { location / { proxy_pass http://api:8000; } }\n'));
  dirs.push(direct);
  const a = layoutOf(direct);
  assert.ok(!a.ok);
  assert.match(a.message, /proxy_pass http:\/\/api:8000 names the service and port directly/);
  assert.match(a.message, /Expected layout/);

  const own = copyExample((d) => fs.writeFileSync(path.join(d, 'proxy', 'mine.conf'), 'upstream api { server api:8000; }\n'));
  dirs.push(own);
  const b = layoutOf(own);
  assert.ok(!b.ok);
  assert.match(b.message, /mine\.conf defines "upstream api" itself/);

  const file = copyExample((d) => {
    const f = path.join(d, 'compose.yaml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('./proxy:/etc/nginx/conf.d:ro', './proxy/site.conf:/etc/nginx/nginx.conf:ro'));
  });
  dirs.push(file);
  const c = layoutOf(file);
  assert.ok(!c.ok);
  assert.match(c.message, /mounts no host directory on \/etc\/nginx\/conf\.d/);

  const none = copyExample((d) => {
    const f = path.join(d, 'compose.yaml');
    const text = fs.readFileSync(f, 'utf8');
    fs.writeFileSync(f, text.slice(0, text.indexOf('  proxy:')) + text.slice(text.indexOf('networks:\n  backend')));
  });
  dirs.push(none);
  const e = layoutOf(none);
  assert.ok(!e.ok);
  assert.match(e.message, /No reverse proxy in the project/);
});

test('compose durations (stop_grace_period)', () => {
  assert.equal(durationSeconds('35s', 10), 35);
  assert.equal(durationSeconds('1m30s', 10), 90);
  assert.equal(durationSeconds('500ms', 10), 0.5);
  assert.equal(durationSeconds(undefined, 10), 10);
  assert.equal(durationSeconds('soon', 10), 10);
});

test('CLI and task definition: --strategy, --switch-back, --keep-old, --update-service', () => {
  const p = parseTaskArgs(['--strategy', 'blue-green', '--keep-old', '300', '--update-service', 'api']);
  assert.ok('ok' in p && p.ok);
  assert.equal(p.options.strategy, 'blue-green');
  assert.equal(p.options.keepOld, 300);
  assert.equal(p.options.rolloutService, 'api');
  const s = parseTaskArgs(['--switch-back']);
  assert.ok('ok' in s && s.ok && s.options.switchBack === true);
  const bad = parseTaskArgs(['--strategy', 'canary']);
  assert.ok('ok' in bad && !bad.ok);
  assert.match(bad.message, /--strategy must be rolling or blue-green, got "canary"/);
  const def = parseTaskDefinition({ type: 'ai-stack', action: 'deploy', strategy: 'rolling' });
  assert.ok(def.ok && def.value.strategy === 'rolling');
  const wrong = parseTaskDefinition({ type: 'ai-stack', action: 'deploy', strategy: 'canary' });
  assert.ok(!wrong.ok);
  assert.match(wrong.message, /strategy must be rolling or blue-green/);
});
