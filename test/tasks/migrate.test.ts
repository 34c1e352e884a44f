import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMigrate } from '../../runtime/src/tasks/migrate';
import { reporter, runningMigration, Stack, STACK_DIR } from './stack';

// Each test has its own project and port, so they run side by side.
describe('migrate', { concurrency: true }, () => {

test('migrate runs the migrate service once as a one-off, removes it, and leaves the marker', { timeout: 120_000 }, async (t) => {
  const stack = await Stack.forTest(t, 'migrate');
  if (!stack) return;
  const r = reporter();
  const code = await runMigrate(stack.options(), r);
  assert.equal(code, 0, r.text());
  assert.equal(r.text().match(/applying migration 0001_init/g)?.length, 1, 'the migration ran exactly once');
  assert.match(r.text(), /run --rm -T --no-deps migrate/);
  assert.equal((await stack.containers({ oneoff: true })).length, 0, 'one-off container removed');
  assert.equal((await stack.containers({ service: 'api' })).length, 0, 'the app was not started');
  assert.equal((await stack.containers({ service: 'db' })).length, 1, 'the database dependency was started');
  assert.equal(stack.marker(), '0001_init');
});

test('a failing migration returns non-zero and shows its output', { timeout: 120_000 }, async (t) => {
  const stack = await Stack.forTest(t, 'migfail');
  if (!stack) return;
  const r = reporter();
  const code = await runMigrate(stack.options({}, { MIGRATION_FAIL: '1' }), r);
  assert.equal(code, 1);
  assert.match(r.text(), /relation users already exists/);
  assert.match(r.text(), /Migration failed: the migration exited with code 3/);
  assert.equal((await stack.containers({ oneoff: true })).length, 0);
  assert.equal(stack.marker(), undefined);
});

test('an explicit --service/--command runs that argv in that service', { timeout: 120_000 }, async (t) => {
  const stack = await Stack.forTest(t, 'migcmd');
  if (!stack) return;
  const r = reporter();
  // The argument with spaces and a `;` reaches the container as one argv element, not through a shell on the host.
  // No -f: the project directory's compose.yaml is found like compose finds it.
  const code = await runMigrate(stack.options({ files: undefined, projectDirectory: STACK_DIR, service: 'db', command: ['echo', 'custom migration; $(not run)'] }), r);
  assert.equal(code, 0, r.text());
  assert.match(r.text(), /-f \S+\/tasks-stack\/compose\.yaml -p aistack-test-migcmd-\w+ --project-directory /);
  assert.match(r.text(), /^custom migration; \$\(not run\)$/m);
  assert.equal((await stack.containers({ oneoff: true })).length, 0);
});

test('cancelling a running migration kills compose and removes the one-off container', { timeout: 120_000 }, async (t) => {
  const migration = await runningMigration(t, 'migcancel', runMigrate);
  if (!migration) return;
  const { stack, r, abort, running } = migration;
  const started = Date.now();
  abort.abort();
  const code = await running;
  assert.equal(code, 130);
  assert.ok(Date.now() - started < 15_000, 'cancellation is prompt');
  assert.match(r.text(), /Migration cancelled/);
  assert.deepEqual(stack.composeProcesses(), []);
  assert.equal((await stack.containers({ oneoff: true })).length, 0, 'no one-off container left behind');
  assert.equal(stack.marker(), undefined);
});
});
