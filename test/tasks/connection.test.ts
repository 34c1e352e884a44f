// A task talks to the engine the Containers view talks to: both resolve it with resolveEngine
// (setting, DOCKER_HOST incl. TLS, current context, default socket, Podman).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveEngine } from '../../runtime/src/docker/connection';
import { prepare } from '../../runtime/src/tasks/context';
import { createMemoryReporter } from '../../runtime/src/tasks/reporter';
import { requireEngine } from './stack';

function project(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aistack-taskconn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: acme/api:1.0.0\n');
  return dir;
}

function prepared(options: Parameters<typeof prepare>[0]) {
  const r = createMemoryReporter();
  const p = prepare(options, r);
  assert.ok(p, r.text());
  return p;
}

test('DOCKER_HOST with a unix socket path: the task resolves the engine the Containers view resolves', (t) => {
  const env = { DOCKER_HOST: 'unix:///tmp/aistack-task-engine.sock' };
  const task = prepared({ projectDirectory: project(t), env });
  const view = resolveEngine({ setting: '', env: { ...process.env, ...env } });
  assert.deepEqual(task.engine.options, view.options);
  assert.equal(task.engine.options.socketPath, '/tmp/aistack-task-engine.sock');
  assert.equal(task.engine.source, 'env');
  const modem = task.docker.modem as unknown as { socketPath?: string; host?: string };
  assert.equal(modem.socketPath, '/tmp/aistack-task-engine.sock', 'the client uses it');
  assert.equal(modem.host, undefined);
  assert.equal(task.env.DOCKER_HOST, 'unix:///tmp/aistack-task-engine.sock', 'compose gets the same DOCKER_HOST');
});

test('the setting wins over DOCKER_HOST for the task as for the view, and compose is pointed at it', (t) => {
  const env = { DOCKER_HOST: 'tcp://10.255.255.1:2375' };
  const task = prepared({ projectDirectory: project(t), env, dockerHost: 'unix:///tmp/aistack-setting.sock' });
  const view = resolveEngine({ setting: 'unix:///tmp/aistack-setting.sock', env: { ...process.env, ...env } });
  assert.deepEqual(task.engine.options, view.options);
  assert.equal(task.engine.source, 'setting');
  assert.equal(task.env.DOCKER_HOST, 'unix:///tmp/aistack-setting.sock');
});

test('DOCKER_HOST over TCP with DOCKER_TLS_VERIFY, and the current Docker context: same options as the view', (t) => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'aistack-taskconn-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const certs = path.join(home, 'certs');
  mkdirSync(certs);
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(certs, f), `-----${f}-----\n`);
  const tls = { DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
  const task = prepared({ projectDirectory: project(t), env: tls });
  assert.deepEqual(task.engine.options, resolveEngine({ env: { ...process.env, ...tls } }).options);
  assert.equal(task.engine.options.protocol, 'https');

  const config = path.join(home, 'docker');
  const digest = createHash('sha256').update('remote').digest('hex');
  mkdirSync(path.join(config, 'contexts', 'meta', digest), { recursive: true });
  writeFileSync(path.join(config, 'contexts', 'meta', digest, 'meta.json'), JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'unix:///tmp/aistack-context.sock' } } }));
  const ctx = { DOCKER_HOST: '', DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote' };
  const viaContext = prepared({ projectDirectory: project(t), env: ctx });
  assert.deepEqual(viaContext.engine.options, resolveEngine({ env: { ...process.env, ...ctx } }).options);
  assert.equal(viaContext.engine.source, 'context');
  assert.equal(viaContext.engine.options.socketPath, '/tmp/aistack-context.sock');
});

test('a bad host is a usage error naming the setting and the flag', (t) => {
  const r = createMemoryReporter();
  assert.equal(prepare({ projectDirectory: project(t), dockerHost: 'ftp://x' }, r), undefined);
  assert.match(r.text(), /Docker host \(aiStack\.docker\.host \/ --docker-host\) "ftp:\/\/x" uses the unsupported scheme "ftp"/);
});

test('on the real engine: the task client built from DOCKER_HOST answers like the one the view would build', async (t) => {
  const docker = await requireEngine(t);
  if (!docker) return;
  const view = resolveEngine({ env: process.env });
  if (!view.options.socketPath) return t.skip(`the local engine is not on a unix socket (${view.host})`);
  const task = prepared({ projectDirectory: project(t), env: { DOCKER_HOST: `unix://${view.options.socketPath}` } });
  assert.equal(task.engine.host, view.host);
  const [a, b] = await Promise.all([task.docker.info(), docker.info()]);
  assert.equal(a.ID, b.ID, 'the same daemon');
});
