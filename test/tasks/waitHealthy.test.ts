import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runWaitHealthy } from '../../runtime/src/tasks/waitHealthy';
import { reporter, requireEngine, Stack } from './stack';

describe('wait-healthy', { concurrency: true }, () => {
  test('passes once every service with a healthcheck is healthy', { timeout: 120_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'wait');
    if (!stack) return;
    await stack.compose(['up', '-d', '--no-deps', 'db', 'api']);
    const r = reporter();
    const code = await runWaitHealthy(stack.options({ timeout: 30 }), r);
    assert.equal(code, 0, r.text());
    assert.match(r.text(), new RegExp(`${stack.name}_db_1 is healthy`));
    assert.match(r.text(), new RegExp(`${stack.name}_api_1 is healthy`));
  });

  test('fails with the last probe output when a service stays unhealthy', { timeout: 120_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'unhealthy');
    if (!stack) return;
    await stack.compose(['up', '-d', '--no-deps', 'db'], { DB_HEALTHY: '0' });
    const r = reporter();
    const started = Date.now();
    const code = await runWaitHealthy(stack.options({ timeout: 5 }), r);
    assert.equal(code, 1, r.text());
    assert.ok(Date.now() - started < 30_000, 'fails at the timeout, not much later');
    // Either the 5 s ran out while the probes were still failing, or the engine already said unhealthy.
    assert.match(r.text(), new RegExp(`(Timed out after 5 s\\. ${stack.name}_db_1 is starting|${stack.name}_db_1 is unhealthy); last probes:\\n  exit 1: db probe: not accepting connections`));
  });

  test('stops as soon as the engine says unhealthy, with the last probe outputs (not at the timeout)', { timeout: 120_000 }, async (t) => {
    const stack = await Stack.forTest(t, 'unhealthy-early');
    if (!stack) return;
    await stack.compose(['up', '-d', '--no-deps', 'db'], { DB_HEALTHY: '0' });
    const r = reporter();
    // A timeout far beyond the test's own: only an early stop can pass.
    const code = await runWaitHealthy(stack.options({ timeout: 3600 }), r);
    assert.equal(code, 1, r.text());
    assert.doesNotMatch(r.text(), /Timed out/);
    assert.match(r.text(), new RegExp(`${stack.name}_db_1 is unhealthy; last probes:\\n  exit 1: db probe: not accepting connections`));
  });

  test('fails clearly when the project has no containers', { timeout: 30_000 }, async (t) => {
    const docker = await requireEngine(t);
    if (!docker) return;
    const stack = await Stack.create('empty', docker);
    const r = reporter();
    assert.equal(await runWaitHealthy(stack.options({ timeout: 2 }), r), 1);
    assert.match(r.text(), new RegExp(`No containers of project "${stack.name}"\\. Start the stack first`));
  });
});
