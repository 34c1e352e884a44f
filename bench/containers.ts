/**
 * Benchmark: the container monitor's model against a real engine with 50, 200 and 500 real containers
 * (busybox `sleep`, 6 MiB memory limit, no network). For each size: time to build the full tree
 * (connect, list, group), time from a health_status event to the model update, and API calls per event.
 * Run: npx tsx bench/containers.ts [--sizes 50,200,500] [--no-write]   (needs `bash scripts/docker-env.sh`)
 * Prints a table and writes the "Container monitor" section of BENCHMARKS.md. Removes its containers.
 */
import { writeSection } from './report';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { createDocker, resolveEngine } from '../runtime/src/docker/connection';
import { ContainerModel } from '../runtime/src/docker/containerModel';
import { execIn, MS, TEST_IMAGE } from '../test/docker/engine';

const SECTION = 'Container monitor';
const RUN = `aistack-bench-${process.pid}`;

interface SizeResult {
  containers: number;
  engineTotal: number;
  build: Stats;
  buildCalls: string;
  eventLag: Stats;
  healthEventCalls: string;
  lifecycleInspectsPerEvent: number;
  lifecycleListCalls: number;
}
interface Stats {
  median: number;
  max: number;
}

const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
};
const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);

async function createMany(docker: Docker, from: number, to: number, ids: string[]): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const c = await docker.createContainer({
        name: `${RUN}-${i}`,
        Image: TEST_IMAGE,
        Cmd: ['sleep', '86400'],
        Labels: { 'aistack.bench': RUN },
        StopSignal: 'SIGKILL',
        HostConfig: { NetworkMode: 'none', Memory: 6 * 1024 * 1024 },
      });
      ids.push(c.id);
      await c.start();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Build the model from scratch several times; the tree is built when groups() has run. */
async function measureBuild(engine: ReturnType<typeof resolveEngine>): Promise<{ times: number[]; calls: string; total: number }> {
  const times: number[] = [];
  let calls = '';
  let total = 0;
  for (let i = 0; i < 7; i++) {
    const model = new ContainerModel({ engine });
    const t0 = performance.now();
    await model.start();
    const g = model.groups();
    times.push(performance.now() - t0);
    if (model.state.kind !== 'connected') throw new Error(`model not connected: ${JSON.stringify(model.state)}`);
    total = g.standalone.containers.length + g.projects.reduce((n, p) => n + p.services.reduce((m, s) => m + s.containers.length, 0), 0);
    calls = `${model.counters.list} list, ${model.counters.inspect} inspect`;
    await model.dispose();
  }
  return { times, calls, total };
}

async function measureEvents(docker: Docker, engine: ReturnType<typeof resolveEngine>, probe: Docker.Container, other: Docker.Container) {
  const model = new ContainerModel({ engine });
  await model.start();
  const abort = new AbortController();
  const eventTimes = new Map<string, number>();
  const stream = (await docker.getEvents({ filters: { container: [probe.id], event: ['health_status'] }, abortSignal: abort.signal })) as unknown as Readable;
  stream.on('error', () => undefined);
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { Action: string; timeNano: number };
      eventTimes.set(e.Action.split(': ')[1] ?? '', e.timeNano / 1e6);
    }
  });
  const lags: number[] = [];
  const callsBefore = { list: model.counters.list, inspect: model.counters.inspectById.get(probe.id) ?? 0 };
  let updates = 0;
  const stop = model.onDidChange((c) => {
    if (c.updated.includes(probe.id)) updates++;
  });
  try {
    for (let round = 0; round < 3; round++) {
      for (const [cmd, want] of [
        [['rm', '/tmp/ok'], 'unhealthy'],
        [['touch', '/tmp/ok'], 'healthy'],
      ] as const) {
        eventTimes.delete(want);
        await execIn(probe, [...cmd]);
        const seenAt = await until(() => (model.get(probe.id)?.health === want ? Date.now() : undefined), 10_000, `probe ${want}`);
        const sentAt = await until(() => eventTimes.get(want), 2_000, `health_status: ${want} on our stream`);
        lags.push(Math.max(0, seenAt - sentAt));
      }
    }
    const healthCalls = `${model.counters.list - callsBefore.list} list, ${(model.counters.inspectById.get(probe.id) ?? 0) - callsBefore.inspect} inspect of the probe for 6 events (${updates} item updates)`;
    // Lifecycle events (pause, unpause) need an inspect each: at most one per event.
    const before = { list: model.counters.list, inspect: model.counters.inspectById.get(other.id) ?? 0 };
    await other.pause();
    await until(() => (model.get(other.id)?.state === 'paused' ? true : undefined), 5_000, 'paused');
    await other.unpause();
    await until(() => (model.get(other.id)?.state === 'running' ? true : undefined), 5_000, 'running');
    return {
      lags,
      healthCalls,
      // Only events about `other` count: other helpers' containers may produce events meanwhile.
      inspectsPerEvent: ((model.counters.inspectById.get(other.id) ?? 0) - before.inspect) / 2,
      lifecycleLists: model.counters.list - before.list,
    };
  } finally {
    stop();
    abort.abort();
    stream.destroy();
    await model.dispose();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : [50, 200, 500];
  const write = !args.includes('--no-write');
  const engine = resolveEngine({ env: process.env });
  const docker = createDocker(engine);
  try {
    await docker.ping();
    await docker.getImage(TEST_IMAGE).inspect();
  } catch (e) {
    console.log(`bench containers: skipped, no engine with ${TEST_IMAGE} at ${engine.host} (${(e as Error).message}); run bash scripts/docker-env.sh`);
    if (process.env.CI) process.exit(1);
    return;
  }
  const ids: string[] = [];
  const cleanup = async () => {
    const all = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`aistack.bench=${RUN}`] }) });
    let next = 0;
    const worker = async () => {
      while (next < all.length) await docker.getContainer(all[next++]!.Id).remove({ force: true }).catch(() => undefined);
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  const results: SizeResult[] = [];
  try {
    // The probe flips health; it counts as one of the containers.
    const probe = await docker.createContainer({
      name: `${RUN}-probe`,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'touch /tmp/ok; exec sleep 86400'],
      Labels: { 'aistack.bench': RUN },
      StopSignal: 'SIGKILL',
      Healthcheck: { Test: ['CMD', 'test', '-f', '/tmp/ok'], Interval: 250 * MS, Timeout: 2000 * MS, Retries: 1 },
      HostConfig: { NetworkMode: 'none', Memory: 6 * 1024 * 1024 },
    });
    ids.push(probe.id);
    await probe.start();
    let have = 1;
    for (const size of sizes) {
      const t0 = Date.now();
      await createMany(docker, have, size, ids);
      have = Math.max(have, size);
      process.stdout.write(`${size} containers running (created in ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      // Starting hundreds of containers keeps the engine busy for a moment; measure the steady state.
      await new Promise((r) => setTimeout(r, 3000));
      const build = await measureBuild(engine);
      const ev = await measureEvents(docker, engine, probe, docker.getContainer(ids[1]!));
      results.push({
        containers: size,
        engineTotal: build.total,
        build: stats(build.times),
        buildCalls: build.calls,
        eventLag: stats(ev.lags),
        healthEventCalls: ev.healthCalls,
        lifecycleInspectsPerEvent: ev.inspectsPerEvent,
        lifecycleListCalls: ev.lifecycleLists,
      });
    }
  } finally {
    await cleanup();
  }
  const rows = results.map(
    (r) =>
      `| ${r.containers} (${r.engineTotal} on engine) | ${ms(r.build.median)} / ${ms(r.build.max)} | ${r.buildCalls} | ${ms(r.eventLag.median)} / ${ms(r.eventLag.max)} | ${r.healthEventCalls} | ${r.lifecycleInspectsPerEvent.toFixed(2)} inspect, ${r.lifecycleListCalls} list |`,
  );
  const biggest = results[results.length - 1];
  const verdicts = biggest
    ? [
        `${biggest.build.median <= 300 ? 'MET' : 'MISSED'}: build ≤ 300 ms at ${biggest.containers} containers (median ${ms(biggest.build.median)} ms)`,
        `${results.every((r) => r.lifecycleInspectsPerEvent <= 1 && r.lifecycleListCalls === 0) ? 'MET' : 'MISSED'}: one event → one item, ≤ 1 inspect, no list`,
      ]
    : [];
  const markdown = [
    `## ${SECTION}`,
    '',
    `\`npx tsx bench/containers.ts\` on Docker ${(await docker.version()).Version}, ${new Date().toISOString().slice(0, 10)}. Build = connect, list (5 calls: all + 3 health filters + stopped, whose few containers are inspected), group; median / max of 7, after the engine settled for 3 s. Event lag = engine's health_status time stamp → model updated; median / max of 6 flips.`,
    '',
    '| containers | build ms | build calls | health event → model ms | calls for health events | lifecycle event (pause/unpause) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...verdicts.map((v) => `- ${v}`),
    '',
  ].join('\n');
  process.stdout.write(`\n${markdown}\n`);
  if (write) {
    writeSection(SECTION, markdown);
    process.stdout.write(`wrote the "${SECTION}" section of BENCHMARKS.md\n`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
