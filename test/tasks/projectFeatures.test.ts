// The tasks read the compose project through the engine's model: COMPOSE_FILE from .env, extends,
// include and multi-line .env values, each on the real engine (fixtures: test/fixtures/tasks-features).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPOSE_LABEL } from '../../runtime/src/docker/labels';
import { prepare } from '../../runtime/src/tasks/context';
import { runMigrate } from '../../runtime/src/tasks/migrate';
import { planChecks, runSmoke } from '../../runtime/src/tasks/smoke';
import { runWaitHealthy } from '../../runtime/src/tasks/waitHealthy';
import { reporter, requireEngine, Stack, STACK_DIR, TEST_IMAGE } from './stack';

const FEATURES = path.resolve(__dirname, '../fixtures/tasks-features');
const COMPOSE = process.env.AISTACK_TEST_COMPOSE === 'docker compose' ? ['docker', 'compose'] : ['docker-compose'];

/** The compose CLI in `dir` without -f (test setup: compose finds the files itself, like the task must). */
function composeIn(dir: string, project: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const [program, ...prefix] = COMPOSE;
  return new Promise((resolve, reject) => {
    execFile(program, [...prefix, '-p', project, ...args], { cwd: dir, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${args.join(' ')} failed: ${stderr}`)) : resolve(stdout + stderr),
    );
  });
}

function port(text: string): number {
  return Number(text.match(/GET http:\/\/127\.0\.0\.1:(\d+)\/health → 200/)?.[1]);
}

describe('tasks honour the compose project features', { concurrency: true }, () => {
  test('COMPOSE_FILE in .env: migrate runs a service of the second file; smoke finds the port it publishes', { timeout: 180_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'composefile');
    if (!stack) return;
    const dir = path.join(FEATURES, 'compose-file');
    const env = { API_PORT: String(stack.port) };
    const options = { projectDirectory: dir, projectName: stack.name, docker: stack.docker, retries: 5, interval: 0.5, timeout: 3, env };

    const r = reporter();
    assert.equal(await runMigrate(options, r), 0, r.text());
    assert.match(r.text(), /-f \S+\/compose-file\/base\.yml -f \S+\/compose-file\/app\.yml -p aistack-test-composefile-\w+/);
    assert.match(r.text(), /^migration from app\.yml$/m);

    await composeIn(dir, stack.name, ['up', '-d', 'web'], env);
    const s = reporter();
    assert.equal(await runSmoke({ ...options, urls: ['/health'] }, s), 0, s.text());
    assert.equal(port(s.text()), stack.port);
  });

  test('extends: smoke finds the port and migrate waits for the healthcheck, both written in the extended file', { timeout: 180_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'extends');
    if (!stack) return;
    const dir = path.join(FEATURES, 'extends');
    const env = { API_PORT: String(stack.port) };
    const options = { projectDirectory: dir, projectName: stack.name, docker: stack.docker, retries: 5, interval: 0.5, timeout: 3, healthTimeout: 60, env };

    const r = reporter();
    assert.equal(await runMigrate(options, r), 0, r.text());
    assert.match(r.text(), /up -d web/);
    assert.match(r.text(), new RegExp(`${stack.name}_web_1 is healthy`), 'the healthcheck from common.yml is awaited');
    assert.match(r.text(), /^migration after web is healthy$/m);

    const s = reporter();
    assert.equal(await runSmoke({ ...options, urls: ['/health'] }, s), 0, s.text());
    assert.equal(port(s.text()), stack.port);
  });

  test('include: smoke asks the engine for the port Docker picked for a service of the included file; wait-healthy sees it', { timeout: 120_000 }, async (t) => {
    const docker = await requireEngine(t);
    if (!docker) return;
    const dir = path.join(FEATURES, 'include');
    const stack = await Stack.create('include', docker);
    // Compose v1 cannot load `include`: the network and container are created as compose would label them.
    const network = await docker.createNetwork({ Name: `${stack.name}_default`, Labels: { [COMPOSE_LABEL.project]: stack.name } });
    t.after(async () => {
      await stack.down();
      await network.remove().catch(() => undefined);
    });
    const container = await docker.createContainer({
      name: `${stack.name}_web_1`,
      Image: TEST_IMAGE,
      Cmd: ['nc', '-ll', '-p', '8080', '-e', '/srv/handler.sh'],
      Labels: { [COMPOSE_LABEL.project]: stack.name, [COMPOSE_LABEL.service]: 'web', [COMPOSE_LABEL.oneoff]: 'False' },
      ExposedPorts: { '8080/tcp': {} },
      Healthcheck: { Test: ['CMD', 'wget', '-qO-', 'http://127.0.0.1:8080/health'], Interval: 1e9, Timeout: 2e9, Retries: 3 },
      HostConfig: { NetworkMode: `${stack.name}_default`, PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, Binds: [`${path.join(STACK_DIR, 'api')}:/srv:ro`] },
    });
    await container.start();
    const options = { projectDirectory: dir, projectName: stack.name, docker, retries: 5, interval: 0.5, timeout: 30 };

    const w = reporter();
    assert.equal(await runWaitHealthy(options, w), 0, w.text());
    const planned = reporter();
    const prepared = prepare(options, planned);
    assert.ok(prepared, planned.text());
    const checks = await planChecks({ ...prepared, options: { ...prepared.options, urls: ['/health'] } });
    assert.ok(Array.isArray(checks), String(checks));
    assert.deepEqual(checks.map((c) => [path.relative(dir, c.file), c.line, c.service]), [['web/web.yml', 2, 'web']], 'located in the included file');

    const s = reporter();
    assert.equal(await runSmoke({ ...options, timeout: 3, urls: ['/health'] }, s), 0, s.text());
    const bound = (await container.inspect()).NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort;
    assert.equal(port(s.text()), Number(bound));
  });

  test('multi-line .env value: it reaches the container env, and a later line is not taken from inside it', { timeout: 180_000 }, async (t) => {
    const docker = await requireEngine(t);
    if (!docker) return;
    const stack = await Stack.create('multiline', docker);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aistack-multiline-'));
    t.after(async () => {
      await stack.down();
      rmSync(dir, { recursive: true, force: true });
    });
    cpSync(path.join(FEATURES, 'multiline-env'), dir, { recursive: true });
    cpSync(path.join(STACK_DIR, 'api'), path.join(dir, 'api'), { recursive: true });
    // The quoted value spans three lines; its middle line looks like an assignment a line-based parser would take.
    writeFileSync(path.join(dir, '.env'), `WEB_PORT=${stack.port}\nMOTD="first line\nWEB_PORT=1\nlast line"\n`);
    const options = { projectDirectory: dir, projectName: stack.name, docker, retries: 5, interval: 0.5, timeout: 3 };

    const r = reporter();
    assert.equal(await runMigrate(options, r), 0, r.text());
    assert.match(r.text(), /^MOTD<first line\nWEB_PORT=1\nlast line>$/m);

    await composeIn(dir, stack.name, ['up', '-d', 'web']);
    const s = reporter();
    assert.equal(await runSmoke({ ...options, urls: ['/health'] }, s), 0, s.text());
    assert.equal(port(s.text()), stack.port);
  });
});
