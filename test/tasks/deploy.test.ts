import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDeploy } from '../../runtime/src/tasks/deploy';
import { reporter, runningMigration, Stack } from './stack';

describe('deploy', { concurrency: true }, () => {
  test('runs pull → migrate → up -d → wait-healthy → smoke', { timeout: 120_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'deploy');
    if (!stack) return;
    const r = reporter();
    // --service names where the migration runs; smoke still checks the app services.
    const code = await runDeploy(stack.options({ service: 'migrate' }), r);
    const out = r.text();
    assert.equal(code, 0, out);
    const order = ['deploy 1/5: pull', 'deploy 2/5: migrate', 'deploy 3/5: up', 'deploy 4/5: wait-healthy', 'deploy 5/5: smoke', 'Deploy finished'].map((s) => out.indexOf(s));
    assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `steps out of order:\n${out}`);
    assert.match(out, /present locally; not pulling/);
    assert.match(out, /Deploy finished: migrated, up, healthy, smoke-tested \(skipped: pull\)\./, 'nothing was pulled, so it does not say "pulled"');
    assert.match(out, /migration done/);
    assert.match(out, /\/ready → 200/);
    assert.equal(stack.marker(), '0001_init');
    assert.equal((await stack.containers({ oneoff: true })).length, 0);
    assert.equal((await stack.containers({ service: 'api' }))[0]?.State, 'running');
  });

  test('a failing migration stops the deploy before up: no api container is created', { timeout: 120_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'deployfail');
    if (!stack) return;
    const r = reporter();
    const code = await runDeploy(stack.options({}, { MIGRATION_FAIL: '1' }), r);
    const out = r.text();
    assert.equal(code, 1, out);
    assert.match(out, /relation users already exists/);
    assert.match(out, /Deploy stopped: step "migrate" failed: the migration exited with code 3/);
    assert.match(out, /up was not run/);
    assert.doesNotMatch(out, /deploy 3\/5: up/);
    assert.deepEqual(await stack.containers({ service: 'api' }), [], 'no api container');
  });

  test('cancelling a deploy kills the compose child and leaves no one-off container', { timeout: 120_000 }, async (t) => {
    const started = await runningMigration(t, 'deploycancel', runDeploy);
    if (!started) return;
    const { stack, r, abort, running } = started;
    assert.equal((await stack.containers({ oneoff: true })).length, 1, 'the one-off container is running');
    abort.abort();
    assert.equal(await running, 130);
    assert.match(r.text(), /Deploy cancelled during step "migrate"; later steps were not run/);
    assert.deepEqual(stack.composeProcesses(), [], 'compose child killed');
    assert.equal((await stack.containers({ oneoff: true })).length, 0, 'one-off container removed');
    assert.deepEqual(await stack.containers({ service: 'api' }), [], 'up never ran');
  });
});
