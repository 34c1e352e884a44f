import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSmoke } from '../../runtime/src/tasks/smoke';
import { runWaitHealthy } from '../../runtime/src/tasks/waitHealthy';
import { freePort, reporter, requireEngine, Stack, until } from './stack';

// Line of `api:` in the fixture compose file: SMOKE FAIL lines must point there.
const API_LINE = 37;

async function healthy(stack: Stack): Promise<void> {
  const r = reporter();
  assert.equal(await runWaitHealthy(stack.options(), r), 0, r.text());
}

describe('smoke', () => {
  let stack: Stack | undefined;
  before(async () => {
    const docker = await requireEngine();
    if (!docker) return;
    stack = await Stack.create('smoke', docker);
    await stack.compose(['run', '--rm', '-T', 'migrate']); // /ready answers 200 only after the migration
    await stack.compose(['up', '-d']);
    await healthy(stack);
  });
  after(() => stack?.down());

  test('passes on a healthy stack, checking /health and /ready on the published port', async (t) => {
    if (!stack) return t.skip('no engine');
    const r = reporter();
    const code = await runSmoke(stack.options(), r);
    assert.equal(code, 0, r.text());
    assert.match(r.text(), new RegExp(`GET http://127\\.0\\.0\\.1:${stack.port}/health → 200`));
    assert.match(r.text(), new RegExp(`GET http://127\\.0\\.0\\.1:${stack.port}/ready → 200`));
    assert.doesNotMatch(r.text(), /\/docs/, 'not a FastAPI app: no /docs check');
  });

  test('resolves a host port Docker picked (no published port in compose) through the engine', async (t) => {
    if (!stack) return t.skip('no engine');
    const r = reporter();
    assert.equal(await runSmoke(stack.options({ service: 'admin', urls: ['/health'] }), r), 1, 'not started yet');
    assert.match(r.text(), /service "admin" has no running container with port 8080 published; start the stack first/);
    await stack.compose(['--profile', 'extra', 'up', '-d', '--no-deps', 'admin']);
    const r2 = reporter();
    assert.equal(await runSmoke(stack.options({ service: 'admin', urls: ['/health'] }), r2), 0, r2.text());
    const port = Number(r2.text().match(/GET http:\/\/127\.0\.0\.1:(\d+)\/health → 200/)?.[1]);
    const [admin] = await stack.containers({ service: 'admin' });
    assert.equal(port, admin.Ports.find((p) => p.PrivatePort === 8080)?.PublicPort);
  });

  test('fails clearly when nothing listens on the port', async (t) => {
    if (!stack) return t.skip('no engine');
    const closed = await freePort();
    const r = reporter();
    const code = await runSmoke(stack.options({}, { API_PORT: String(closed) }), r);
    assert.equal(code, 1);
    assert.match(r.text(), new RegExp(`^SMOKE FAIL compose\\.yaml:${API_LINE}: GET http://127\\.0\\.0\\.1:${closed}/health connection refused .* after 2 attempts \\(service api\\)$`, 'm'));
  });

  test('fails on timeout, and a cancelled smoke test returns at once', async (t) => {
    if (!stack) return t.skip('no engine');
    await stack.compose(['up', '-d', '--no-deps', 'api'], { READY_DELAY: '30' });
    await healthy(stack);
    const r = reporter();
    const code = await runSmoke(stack.options({ timeout: 1, retries: 1 }), r);
    assert.equal(code, 1, r.text());
    assert.match(r.text(), /GET http:\/\/127\.0\.0\.1:\d+\/health → 200/);
    assert.match(r.text(), new RegExp(`^SMOKE FAIL compose\\.yaml:${API_LINE}: GET http://\\S+/ready no answer within 1 s \\(timeout\\)`, 'm'));

    const abort = new AbortController();
    const r2 = reporter();
    const running = runSmoke(stack.options({ timeout: 60, retries: 5 }), r2, abort.signal);
    // /health answers at once, /ready only after READY_DELAY (30 s): once /health is reported, the
    // task is waiting on its /ready request, which is what the cancellation must cut short.
    await until('the smoke test to pass /health and wait on /ready', () => /\/health → 200/.test(r2.text()), 30_000);
    const at = Date.now();
    abort.abort();
    assert.equal(await running, 130);
    assert.ok(Date.now() - at < 3000, 'cancellation does not wait for the request timeout');
    assert.match(r2.text(), /Smoke test cancelled/);
    assert.deepEqual((await stack.containers({ oneoff: true })).map((c) => c.Names), [], 'no container left behind');
  });

  test('fails with the status when /ready answers 503', async (t) => {
    if (!stack) return t.skip('no engine');
    await stack.compose(['up', '-d', '--no-deps', 'api'], { READY_STATUS: '503' });
    await healthy(stack);
    const r = reporter();
    const code = await runSmoke(stack.options({ retries: 3, interval: 0.2 }), r);
    assert.equal(code, 1, r.text());
    assert.match(r.text(), new RegExp(`^SMOKE FAIL compose\\.yaml:${API_LINE}: GET http://127\\.0\\.0\\.1:${stack.port}/ready answered 503 \\(expected 200\\): ready: 0001_init after 3 attempts \\(service api\\)$`, 'm'));
    assert.match(r.text(), /retrying in 0\.2 s \(1\/3\)/);
  });
});
