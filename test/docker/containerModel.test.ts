import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { ContainerModel, type ModelChange } from '../../runtime/src/docker/containerModel';
import type { ContainerItem } from '../../runtime/src/docker/containerItem';
import { execIn, healthOf, MS, removeQuietly, requireEngine, runContainer, uniqueName, waitFor, TEST_IMAGE } from './engine';

const run = promisify(execFile);
const quickCheck = (test: string[]): Docker.HealthConfig => ({ Test: test, Interval: 200 * MS, Timeout: 2000 * MS, Retries: 1 });

interface Fixture {
  docker: Docker;
  model: ContainerModel;
  ids: Record<'healthy' | 'unhealthy' | 'starting' | 'plain' | 'exited' | 'oom', string>;
  names: Record<string, string>;
  project: string;
  composeDir: string;
}
let fx: Fixture | undefined;
let skipReason: string | undefined;
const created = new Set<string>();
/** The engine the fixture started containers on: they are removed even when the fixture fails half-way. */
let cleanupEngine: Docker | undefined;

before(async () => {
  const env = await requireEngine();
  if (!env) {
    skipReason = 'no Docker engine (see the message above)';
    return;
  }
  const { docker, engine } = env;
  cleanupEngine = docker;
  const names = {
    healthy: uniqueName('healthy'),
    unhealthy: uniqueName('unhealthy'),
    starting: uniqueName('starting'),
    plain: uniqueName('plain'),
    exited: uniqueName('exited'),
    oom: uniqueName('oom'),
  };
  const start = async (name: string, spec: Omit<Parameters<typeof runContainer>[1], 'name'>) => {
    const c = await runContainer(docker, { name, ...spec });
    created.add(c.id);
    return c;
  };
  /**
   * A container the kernel OOM-killed, as the engine records it. The model can only show what the
   * engine knows (its OOMKilled flag or an 'oom' event), and dockerd 20.10 on cgroup v2 sometimes
   * records no OOM at all for a kill (in CI, none within 30 s of the exit): such a container proves
   * nothing about the model, so it is removed and another one is made (at most three).
   */
  const oomKilled = async () => {
    for (let attempt = 1; ; attempt++) {
      // Grows a shell variable past the 8 MiB limit: the kernel OOM-kills it.
      const name = attempt === 1 ? names.oom : `${names.oom}-${attempt}`;
      const c = await start(name, { cmd: ['sh', '-c', 'x=$(head -c 67108864 /dev/zero | tr "\\0" a); sleep 3600'], memory: 8 * 1024 * 1024 });
      await waitFor('oom container to be killed', async () => (await c.inspect()).State.Status === 'exited');
      const recorded = await waitFor('the engine to record the OOM kill', async () => (await c.inspect()).State.OOMKilled || (await engineSawOom(docker, c.id)) || undefined, 30_000).then(
        () => true,
        (e: Error) => {
          if (attempt >= 3) throw e;
          return false;
        },
      );
      if (recorded) {
        names.oom = name;
        return c;
      }
      await c.remove({ force: true });
      created.delete(c.id);
    }
  };
  const [healthy, unhealthy, starting, plain, exited, oom] = await Promise.all([
    start(names.healthy, { cmd: ['sh', '-c', 'touch /tmp/ok; exec sleep 3600'], healthcheck: quickCheck(['CMD', 'test', '-f', '/tmp/ok']) }),
    start(names.unhealthy, { cmd: ['sleep', '3600'], healthcheck: quickCheck(['CMD', 'false']) }),
    // A long start period and interval: the first probe is a minute away, so it stays "starting".
    start(names.starting, {
      cmd: ['sleep', '3600'],
      healthcheck: { Test: ['CMD', 'true'], Interval: 60_000 * MS, StartPeriod: 60_000 * MS, Retries: 1 },
    }),
    start(names.plain, { cmd: ['sleep', '3600'] }),
    start(names.exited, { cmd: ['sh', '-c', 'exit 3'] }),
    oomKilled(),
  ]);
  await waitFor('healthy container to be healthy', async () => (await healthOf(healthy)) === 'healthy');
  await waitFor('unhealthy container to be unhealthy', async () => (await healthOf(unhealthy)) === 'unhealthy');
  await waitFor('exited container to exit', async () => (await exited.inspect()).State.Status === 'exited');

  const project = uniqueName('proj').replace(/-/g, '');
  const composeDir = mkdtempSync(path.join(os.tmpdir(), 'aistack-compose-'));
  writeFileSync(
    path.join(composeDir, 'compose.yml'),
    `version: "2.4"\nservices:\n  api:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n    network_mode: none\n` +
      `  worker:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n    network_mode: none\n    scale: 2\n`,
  );
  await run('docker-compose', ['-p', project, '-f', path.join(composeDir, 'compose.yml'), 'up', '-d'], { cwd: composeDir });

  const model = new ContainerModel({ engine });
  await model.start();
  fx = {
    docker,
    model,
    ids: { healthy: healthy.id, unhealthy: unhealthy.id, starting: starting.id, plain: plain.id, exited: exited.id, oom: oom.id },
    names,
    project,
    composeDir,
  };
});

after(async () => {
  if (!fx) {
    if (cleanupEngine) await removeQuietly(cleanupEngine, created);
    return;
  }
  await fx.model.dispose();
  const openStreams = fx.model.counters.openStreams;
  await run('docker-compose', ['-p', fx.project, '-f', path.join(fx.composeDir, 'compose.yml'), 'down', '-v', '-t', '0'], { cwd: fx.composeDir }).catch(
    () => undefined,
  );
  rmSync(fx.composeDir, { recursive: true, force: true });
  await removeQuietly(fx.docker, created);
  assert.equal(openStreams, 0, 'no event stream left open after dispose');
});

function item(id: string): ContainerItem {
  const i = fx!.model.get(id);
  assert.ok(i, `container ${id.slice(0, 12)} is in the model`);
  return i;
}

test('the model shows health: healthy, unhealthy, starting and none', (t) => {
  if (!fx) return t.skip(skipReason);
  assert.equal(fx.model.state.kind, 'connected');
  assert.equal(item(fx.ids.healthy).health, 'healthy');
  assert.equal(item(fx.ids.unhealthy).health, 'unhealthy');
  assert.equal(item(fx.ids.starting).health, 'starting');
  assert.equal(item(fx.ids.plain).health, 'none');
  assert.equal(item(fx.ids.plain).state, 'running');
  assert.ok(fx.model.countHealth('unhealthy') >= 1);
});

test('exited containers carry their exit code, and OOM-killed ones say so', (t) => {
  if (!fx) return t.skip(skipReason);
  const exited = item(fx.ids.exited);
  assert.equal(exited.state, 'exited');
  assert.equal(exited.exitCode, 3);
  assert.equal(exited.oomKilled, false);
  const oom = item(fx.ids.oom);
  assert.equal(oom.state, 'exited');
  assert.equal(oom.oomKilled, true);
  assert.equal(oom.exitCode, 137);
});

test('containers are grouped by compose project and service; others are standalone', (t) => {
  if (!fx) return t.skip(skipReason);
  const { projects, standalone } = fx.model.groups();
  const project = projects.find((p) => p.name === fx!.project);
  assert.ok(project, 'the compose project is a group');
  assert.deepEqual(project.services.map((s) => s.name), ['api', 'worker']);
  assert.equal(project.services[1]!.containers.length, 2);
  assert.ok(project.configFiles[0]?.endsWith('compose.yml'), 'the project knows its compose file');
  const standaloneNames = standalone.containers.map((c) => c.name);
  for (const name of Object.values(fx.names)) assert.ok(standaloneNames.includes(name), `${name} is standalone`);
  assert.ok(!standaloneNames.some((n) => n.startsWith(fx!.project)), 'compose containers are not standalone');
});

test('a health flip updates only that container, from the event, within 1 s and without list or inspect calls', async (t) => {
  if (!fx) return t.skip(skipReason);
  const { model, ids } = fx;
  const before = { list: model.counters.list, inspects: new Map(model.counters.inspectById) };
  const changes: { change: ModelChange; at: number }[] = [];
  const stop = model.onDidChange((change) => changes.push({ change, at: Date.now() }));
  // Our own events stream, to learn when the engine sent health_status: unhealthy.
  const abort = new AbortController();
  const engineEvents = (await fx.docker.getEvents({
    filters: { container: [ids.healthy], event: ['health_status'] },
    abortSignal: abort.signal,
  })) as unknown as NodeJS.ReadableStream;
  let unhealthyEvent: { timeNano: number } | undefined;
  engineEvents.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { Action: string; timeNano: number };
      if (e.Action === 'health_status: unhealthy') unhealthyEvent ??= e;
    }
  });
  engineEvents.on('error', () => undefined);
  await execIn(fx.docker.getContainer(ids.healthy), ['rm', '/tmp/ok']);
  const flip = await waitFor('the model to show the container unhealthy', () => {
    const found = changes.find((c) => c.change.updated.includes(ids.healthy));
    return found && model.get(ids.healthy)?.health === 'unhealthy' ? found : undefined;
  }, 5_000);
  stop();
  await waitFor('our own stream to see the event', () => unhealthyEvent, 2_000);
  abort.abort();
  assert.ok(unhealthyEvent, 'the engine sent health_status: unhealthy');
  const lag = flip.at - unhealthyEvent.timeNano / 1e6;
  assert.ok(lag < 1000, `model updated ${lag.toFixed(0)} ms after the event`);
  assert.equal(model.counters.list, before.list, 'no list call');
  for (const id of Object.values(ids)) {
    assert.equal(model.counters.inspectById.get(id) ?? 0, before.inspects.get(id) ?? 0, `no inspect of ${id.slice(0, 12)}`);
  }
  assert.ok(!changes.some((c) => c.change.all), 'no full refresh');
  assert.deepEqual(flip.change.updated, [ids.healthy]);
});

test('create, start, die and destroy events add, update and remove one container with at most one inspect each', async (t) => {
  if (!fx) return t.skip(skipReason);
  const { model, docker } = fx;
  const listBefore = model.counters.list;
  const name = uniqueName('live');
  const c = await runContainer(docker, { name, cmd: ['sleep', '3600'] });
  created.add(c.id);
  await waitFor('the new container to appear running', () => model.get(c.id)?.state === 'running');
  assert.equal(model.get(c.id)!.name, name);
  assert.ok(model.groups().standalone.containers.some((i) => i.id === c.id));
  await c.kill();
  await waitFor('the container to show exited with its code', () => model.get(c.id)?.state === 'exited' && model.get(c.id)?.exitCode === 137);
  await c.remove();
  await waitFor('the container to disappear', () => !model.get(c.id));
  // Events: create, start, die (and kill is not watched), destroy (no inspect) → at most 3 inspects.
  assert.ok((model.counters.inspectById.get(c.id) ?? 0) <= 3, `inspects: ${model.counters.inspectById.get(c.id)}`);
  assert.equal(model.counters.list, listBefore, 'no list call');
});

test('details are fetched on demand and cached until an event', async (t) => {
  if (!fx) return t.skip(skipReason);
  const { model, ids } = fx;
  const before = model.counters.inspectById.get(ids.plain) ?? 0;
  const d1 = await model.details(ids.plain);
  const d2 = await model.details(ids.plain);
  assert.equal(d1, d2);
  assert.equal(model.counters.inspectById.get(ids.plain), before + 1, 'one inspect for two asks');
  assert.equal(d1.inspect.HostConfig.Memory, 32 * 1024 * 1024);
  const s = await model.stats(ids.plain);
  assert.ok((s.memory_stats.usage ?? 0) > 0, 'stats report memory usage');
});

/** Whether the engine's event log holds an 'oom' event for the container (read once, up to now). */
async function engineSawOom(docker: Docker, id: string): Promise<boolean> {
  const now = Math.floor(Date.now() / 1000);
  const stream = (await docker.getEvents({ since: now - 600, until: now, filters: { container: [id], event: ['oom'] } })) as unknown as AsyncIterable<Buffer>;
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text.includes('"oom"');
}
