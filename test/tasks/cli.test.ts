import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ComposeNotFoundError, composeArgv, detectComposeCli, projectArgs, runProcess } from '../../runtime/src/compose/cli';
import { parseTaskArgs } from '../../server/src/cli/tasks';
import { buildCli, runCli } from '../cli/harness';
import { freePort, requireEngine, STACK_DIR, STACK_FILE } from './stack';

test('compose argv: -f per file, -p, --project-directory, v2 prefix', () => {
  const project = { files: ['a.yml', 'b.yml'], projectName: 'p', projectDirectory: '/srv/app' };
  assert.deepEqual(projectArgs(project), ['-f', 'a.yml', '-f', 'b.yml', '-p', 'p', '--project-directory', '/srv/app']);
  const v2 = { program: 'docker', prefix: ['compose'], version: 2 as const, label: 'docker compose' };
  const v1 = { program: 'docker-compose', prefix: [], version: 1 as const, label: 'docker-compose' };
  assert.deepEqual(composeArgv(v2, { projectName: 'p' }, ['run', '--rm', 'api', 'a b; rm -rf /']), ['compose', '-p', 'p', 'run', '--rm', 'api', 'a b; rm -rf /']);
  assert.deepEqual(composeArgv(v1, {}, ['up', '-d']), ['up', '-d']);
});

test('compose CLI detection: auto finds one; a forced missing one is a clear error', async () => {
  const hasV1 = (() => {
    try {
      execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const hasV2 = (() => {
    try {
      execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (hasV1 || hasV2) {
    const auto = await detectComposeCli('auto');
    assert.equal(auto.version, hasV2 ? 2 : 1, 'auto prefers v2');
  }
  for (const [setting, present] of [['docker compose', hasV2], ['docker-compose', hasV1]] as const) {
    if (present) assert.equal((await detectComposeCli(setting)).label, setting);
    else await assert.rejects(detectComposeCli(setting), (e: Error) => e instanceof ComposeNotFoundError && e.message.includes(`"${setting}" was not found`));
  }
  await assert.rejects(detectComposeCli('auto', { PATH: '/nonexistent' }), /Neither "docker compose" \(v2\) nor "docker-compose" \(v1\) was found/);
});

test('runProcess streams output, passes arguments verbatim, and cancellation kills the whole process group', async () => {
  let out = '';
  const echo = await runProcess('/bin/echo', ['$(id)', 'a;b'], { onOutput: (c) => (out += c) });
  assert.equal(echo.code, 0);
  assert.equal(out, '$(id) a;b\n', 'no shell in between');

  const abort = new AbortController();
  const seconds = 900000 + (process.pid % 90000); // a sleep nobody else runs
  let started = false;
  // The background sleep is a grandchild: it must die with the child.
  const running = runProcess('/bin/sh', ['-c', `sleep ${seconds} & echo started; sleep ${seconds + 1}`], { signal: abort.signal, onOutput: () => (started = true) });
  while (!started) await new Promise((res) => setTimeout(res, 20));
  const sleeping = () => execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l === `sleep ${seconds}` || l === `sleep ${seconds + 1}`);
  const before = sleeping();
  abort.abort();
  assert.equal(before.length, 2, 'child and grandchild run before the cancellation');
  const r = await running;
  assert.equal(r.cancelled, true);
  await new Promise((res) => setTimeout(res, 200));
  assert.deepEqual(sleeping(), [], 'no process of the group left');
  const missing = await runProcess('/nonexistent/program', []);
  assert.match(missing.spawnError ?? '', /could not be started: spawn \/nonexistent\/program ENOENT/);
});

test('task CLI arguments: options, --command argv, usage errors', () => {
  const ok = parseTaskArgs(['-f', 'a.yml', '--file=b.yml', '-p', 'x', '--service', 'api', '--command', 'alembic', 'upgrade', 'head', '--url', '/health', '--retries', '3', '--interval', '0.5', '--compose-command', 'docker compose', '--no-color']);
  assert.ok('ok' in ok && ok.ok);
  assert.deepEqual(ok.options, { files: ['a.yml', 'b.yml'], projectName: 'x', service: 'api', command: ['alembic', 'upgrade', 'head'], urls: ['/health'], retries: 3, interval: 0.5, composeCommand: 'docker compose' });
  const dashed = parseTaskArgs(['--command', '--', 'python', 'manage.py', 'migrate', '--noinput']);
  assert.ok('ok' in dashed && dashed.ok);
  assert.deepEqual(dashed.options.command, ['python', 'manage.py', 'migrate', '--noinput']);
  for (const [args, message] of [
    [['--retries', 'many'], /--retries needs a positive number, got "many"/],
    [['--expect-status', '999'], /HTTP status/],
    [['--compose-command', 'podman'], /--compose-command must be one of/],
    [['--bogus'], /unknown option "--bogus"/],
    [['--command'], /--command needs the migration command/],
  ] as const) {
    const r = parseTaskArgs([...args]);
    assert.ok('ok' in r && !r.ok && message.test(r.message), JSON.stringify(r));
  }
});

let cli = '';
before(async () => {
  cli = await buildCli();
});

test('ai-stack CLI: usage errors exit 2; a failed smoke check exits 1 with a SMOKE FAIL line', async (t) => {
  const usage = runCli(cli, ['smoke', '--retries', 'x'], STACK_DIR);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--retries needs a positive number/);
  assert.equal(runCli(cli, ['deploy', '--help'], STACK_DIR).code, 0);
  const missing = runCli(cli, ['migrate', '-f', 'nope.yaml'], STACK_DIR);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /Cannot read compose file .*nope\.yaml: ENOENT/);

  const port = await freePort();
  const smoke = runCli(cli, ['smoke', '-f', STACK_FILE, '-p', 'aistack-test-cli', '--url', `http://127.0.0.1:${port}/health`, '--retries', '1', '--no-color'], STACK_DIR);
  assert.equal(smoke.code, 1, smoke.stdout + smoke.stderr);
  assert.match(smoke.stdout, new RegExp(`^SMOKE FAIL compose\\.yaml:1: GET http://127\\.0\\.0\\.1:${port}/health connection refused`, 'm'));

  if (!(await requireEngine(t))) return;
  const wait = runCli(cli, ['wait-healthy', '-f', STACK_FILE, '-p', 'aistack-test-cli-empty', '--timeout', '2'], STACK_DIR);
  assert.equal(wait.code, 1);
  assert.match(wait.stdout, /No containers of project "aistack-test-cli-empty"/);
});
