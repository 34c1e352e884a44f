// Issue 13: updates without downtime, proven on the example AI stack (real images, real engine)
// under a bounded loopback load through the proxy. One stack, tests in order:
// first deploy → the plain `up -d` deploy as the baseline (which drops requests) → rolling →
// never-healthy → failed migration → blue-green → blue-green with --keep-old and --switch-back. Figures are printed as "# FIGURES".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { runDeploy } from '../../runtime/src/tasks/deploy';
import type { TaskOptions } from '../../runtime/src/tasks/context';
import { createMemoryReporter } from '../../runtime/src/tasks/reporter';
import { LoadResult, startLoad } from '../support/loadgen';
import { ExampleStack, requireExampleImages } from './exampleStack';
import { execIn } from '../../runtime/src/proxy/exec';
import { findProxyLayout } from '../../runtime/src/proxy/nginx';
import { prepare } from '../../runtime/src/tasks/context';
import { serversFor, switchUpstream } from '../../runtime/src/tasks/rollout/common';

const LOAD = { concurrency: 4, maxRequests: 150_000, maxMs: 240_000 };

async function deployUnderLoad(stack: ExampleStack, options: TaskOptions): Promise<{ code: number; out: string; load: LoadResult; seconds: number }> {
  const load = startLoad({ port: stack.port, ...LOAD });
  await load.warmedUp(50);
  const r = createMemoryReporter();
  const t0 = Date.now();
  const code = await runDeploy(options, r);
  const seconds = (Date.now() - t0) / 1000;
  // A few more requests after the deploy: the version now served answers.
  const seen = load.snapshot().ok;
  await load.warmedUp(seen + 50);
  const result = await load.stop();
  return { code, out: r.text(), load: result, seconds };
}

function figures(what: string, d: { code: number; load: LoadResult; seconds: number }): void {
  const l = d.load;
  console.log(`# FIGURES ${what}: exit ${d.code}, deploy ${d.seconds.toFixed(1)} s, requests ${l.sent} sent / ${l.ok} ok / ${l.failed} failed / ${l.retried} retried ${JSON.stringify(l.failures)} versions ${JSON.stringify(l.versions)}`);
}

describe('deploy without downtime: the example AI stack under load', { timeout: 900_000 }, () => {
  let docker: Docker | undefined;
  let stack: ExampleStack;
  const ids = async (service = 'api') => (await stack.running(service)).map((c) => c.Id).sort();

  before(async () => {
    docker = await requireExampleImages();
    if (!docker) return;
    stack = await ExampleStack.create('rollout', docker);
    // First deploy: nothing runs yet, so the rolling strategy starts everything and the proxy.
    const r = createMemoryReporter();
    const code = await runDeploy(stack.options({ strategy: 'rolling' }), r);
    assert.equal(code, 0, r.text());
    assert.match(r.text(), /first deploy/);
  });
  after(async () => {
    if (stack) await stack.down();
  });

  test('baseline: the plain up -d deploy drops requests (same stack, same load)', async (t) => {
    if (!docker) return t.skip('no engine');
    // The best plain layout: nginx resolves the service name per request (resolver 127.0.0.11), so it
    // finds the recreated container; only the window between stop and ready is lost.
    const siteConf = fs.readFileSync(path.join(stack.dir, 'proxy', 'site.conf'), 'utf8');
    fs.writeFileSync(
      path.join(stack.dir, 'proxy', 'site.conf'),
      'server {\n  listen 8080;\n  resolver 127.0.0.11 valid=1s ipv6=off;\n  location / {\n    set $api_backend api;\n    proxy_pass http://$api_backend:8000;\n  }\n}\n',
    );
    fs.rmSync(path.join(stack.dir, 'proxy', 'ai-stack-upstream-api.conf'));
    const proxy = (await stack.running('proxy'))[0];
    assert.equal((await execIn(stack.docker, proxy.Id, ['nginx', '-s', 'reload'])).code, 0);
    const d = await deployUnderLoad(stack, stack.options({}, { API_VERSION: '1.0.0', MODEL_LOAD_SECONDS: '10' }));
    figures('up -d baseline', d);
    assert.equal(d.code, 0, d.out);
    assert.ok(d.load.failed > 0, `the plain up -d path dropped no request?\n${JSON.stringify(d.load)}`);
    // Back to the layout deploy expects: the generated upstream with the (recreated) api container.
    fs.writeFileSync(path.join(stack.dir, 'proxy', 'site.conf'), siteConf);
    const prepared = prepare(stack.options(), createMemoryReporter());
    assert.ok(prepared);
    const layout = findProxyLayout(prepared.project);
    assert.ok(layout.ok, layout.ok ? '' : layout.message);
    const api = (await stack.running('api')).map((c) => c.Id);
    const servers = await serversFor(stack.docker, layout.value, api, proxy.Id);
    assert.ok(typeof servers !== 'string', String(servers));
    const sw = await switchUpstream(stack.docker, layout.value, proxy.Id, servers, 'test: back from the baseline', createMemoryReporter());
    assert.ok(sw.ok);
  });

  test('rolling: 0 failed requests while a new version that takes 10 s to load replaces the old', async (t) => {
    if (!docker) return t.skip('no engine');
    const before = await ids();
    const d = await deployUnderLoad(stack, stack.options({ strategy: 'rolling' }, { API_VERSION: '1.1.0', MODEL_LOAD_SECONDS: '10' }));
    figures('rolling', d);
    assert.equal(d.code, 0, d.out);
    assert.equal(d.load.failed, 0, `failed requests: ${JSON.stringify(d.load.failures)}\n${d.out}\nproxy log:\n${await stack.proxyLog()}`);
    assert.ok((d.load.versions['1.0.0'] ?? 0) > 0 && (d.load.versions['1.1.0'] ?? 0) > 0, JSON.stringify(d.load.versions));
    const now = await stack.running('api');
    assert.equal(now.length, 1);
    assert.equal(now[0].Image, 'ai-stack-example/api:1.1.0');
    assert.ok(!before.includes(now[0].Id), 'the old container was removed');
    assert.match(d.out, /deploy 1\/5: migrate[\s\S]*deploy 3\/5: wait healthy[\s\S]*deploy 4\/5: switch the proxy[\s\S]*Drained[\s\S]*Deploy finished \(rolling/);
    assert.match(stack.upstreamText(), /server [\d.]+:8000; # .*api:1\.1\.0/);
  });

  test('rolling: a new version that never gets healthy is removed, the old keeps serving (0 failed, exit 1)', async (t) => {
    if (!docker) return t.skip('no engine');
    const before = await ids();
    const upstream = stack.upstreamText();
    const d = await deployUnderLoad(stack, stack.options({ strategy: 'rolling', healthTimeout: 20 }, { API_VERSION: '1.0.0', MODEL_LOAD_SECONDS: '3600' }));
    figures('rolling, never healthy', d);
    assert.equal(d.code, 1, d.out);
    assert.match(d.out, /Deploy stopped: the new version never got healthy: .* not healthy after 20 s/);
    assert.match(d.out, /Last probe outputs:\n {2}\S+ healthcheck exit/);
    assert.match(d.out, /Removed the new container\(s\)[\s\S]*The old version keeps serving/);
    assert.equal(d.load.failed, 0, JSON.stringify(d.load.failures));
    assert.deepEqual(Object.keys(d.load.versions), ['1.1.0']);
    assert.deepEqual(await ids(), before, 'the old container is the only one');
    assert.equal(stack.upstreamText(), upstream, 'the proxy was not touched');
  });

  test('rolling: a failed migration stops the deploy before anything else changes', async (t) => {
    if (!docker) return t.skip('no engine');
    const before = await ids();
    const others = await Promise.all(['db', 'redis', 'ollama', 'proxy'].map((s) => ids(s)));
    const upstream = stack.upstreamText();
    const d = await deployUnderLoad(stack, stack.options({ strategy: 'rolling', service: 'migrate', command: ['python3', '-m', 'alembic', 'upgrade', '9999'] }, { API_VERSION: '1.0.0' }));
    figures('rolling, failed migration', d);
    assert.equal(d.code, 1, d.out);
    assert.match(d.out, /Deploy stopped: the migration failed: the migration exited with code [1-9]\d*\. Nothing else was changed/);
    assert.doesNotMatch(d.out, /deploy 2\/5/);
    assert.equal(d.load.failed, 0);
    assert.deepEqual(await ids(), before);
    assert.deepEqual(await Promise.all(['db', 'redis', 'ollama', 'proxy'].map((s) => ids(s))), others);
    assert.equal(stack.upstreamText(), upstream);
    assert.equal((await stack.docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${stack.name}`, 'com.docker.compose.oneoff=True'] } })).length, 0, 'the one-off is gone');
  });

  test('blue-green: 0 failed requests while the stack moves to the idle colour (10 s model load)', async (t) => {
    if (!docker) return t.skip('no engine');
    const main = await ids();
    const d = await deployUnderLoad(stack, stack.options({ strategy: 'blue-green' }, { API_VERSION: '1.0.0', MODEL_LOAD_SECONDS: '10' }));
    figures('blue-green', d);
    stack.extraProjects.push(`${stack.name}-blue`, `${stack.name}-green`);
    assert.equal(d.code, 0, d.out);
    assert.equal(d.load.failed, 0, `failed requests: ${JSON.stringify(d.load.failures)}\n${d.out}\nproxy log:\n${await stack.proxyLog()}`);
    assert.ok((d.load.versions['1.1.0'] ?? 0) > 0 && (d.load.versions['1.0.0'] ?? 0) > 0, JSON.stringify(d.load.versions));
    assert.equal(main.length, 1);
    assert.deepEqual(await ids(), [], 'the old (main project) api was retired');
    const blue = await stack.running('api', `${stack.name}-blue`);
    assert.equal(blue.length, 1);
    assert.equal(blue[0].Image, 'ai-stack-example/api:1.0.0');
    assert.match(stack.upstreamText(), /-blue_api_1 \(ai-stack-example\/api:1\.0\.0\)/);
    assert.match(d.out, /the new version goes to blue[\s\S]*deploy 4\/5: switch the proxy to blue[\s\S]*Deploy finished \(blue-green/);
  });

  test('blue-green: --keep-old keeps the old colour; --switch-back returns to it under load (0 failed)', async (t) => {
    if (!docker) return t.skip('no engine');
    const load = startLoad({ port: stack.port, ...LOAD });
    await load.warmedUp(50);
    const r = createMemoryReporter();
    const t0 = Date.now();
    const deploying = runDeploy(stack.options({ strategy: 'blue-green', keepOld: 600 }, { API_VERSION: '1.1.0', MODEL_LOAD_SECONDS: '10' }), r);
    const end = Date.now() + 300_000;
    while (!/Keeping blue for 600 s/.test(r.text()) && Date.now() < end && !/Deploy stopped|Deploy failed/.test(r.text())) await new Promise((res) => setTimeout(res, 200));
    assert.match(r.text(), /Keeping blue for 600 s/);
    const seen = load.snapshot().ok;
    await load.warmedUp(seen + 50);
    assert.ok((load.snapshot().versions['1.1.0'] ?? 0) > 0, `green (1.1.0) serves: ${JSON.stringify(load.snapshot())}\n${r.text()}`);
    assert.equal((await stack.running('api', `${stack.name}-blue`)).length, 1, 'blue is kept');
    const back = createMemoryReporter();
    const code = await runDeploy(stack.options({ switchBack: true }), back);
    assert.equal(code, 0, back.text());
    assert.equal(await deploying, 0, r.text());
    const seconds = (Date.now() - t0) / 1000;
    const after = load.snapshot().ok;
    await load.warmedUp(after + 50);
    const result = await load.stop();
    figures('blue-green + switch-back', { code, load: result, seconds });
    assert.equal(result.failed, 0, `failed requests: ${JSON.stringify(result.failures)}\n${r.text()}\n${back.text()}\nproxy log:\n${await stack.proxyLog()}`);
    assert.match(back.text(), /Switched back to blue/);
    assert.match(r.text(), /Switched back to blue by --switch-back/);
    assert.equal((await stack.running('api', `${stack.name}-green`)).length, 0, 'green was retired');
    assert.equal((await stack.running('api', `${stack.name}-blue`))[0]?.Image, 'ai-stack-example/api:1.0.0');
    const again = createMemoryReporter();
    assert.equal(await runDeploy(stack.options({ switchBack: true }), again), 1);
    assert.match(again.text(), /Nothing to switch back to/);
  });
});
