// Issue 14 against a real three-node swarm on this machine (scripts/swarm-cluster.sh: one dockerd per
// network namespace). The tests run in order on one cluster and one stack, `aist` from
// fixtures/compose.yaml: deploy, rolling update under load, broken update, canary, scale/rollback,
// then a worker's dockerd stopped. Skips only when the machine cannot host the cluster (not root,
// no netns); everything else is a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type Docker from 'dockerode';
import { createMemoryReporter } from '../../runtime/src/tasks/reporter';
import { deployToSwarm, type SwarmDeployOptions } from '../../runtime/src/swarm/deploy';
import { SwarmModel } from '../../runtime/src/swarm/model';
import { findService, isSwarmManager, type SwarmSnapshot } from '../../runtime/src/swarm/snapshot';
import { swarmTreeModel } from '../../runtime/src/swarm/treeModel';
import { nodeChanges } from '../../runtime/src/swarm/converge';
import { rollbackService, scaleService } from '../../runtime/src/swarm/actions';
import { clusterUnsupported, dockerCli, down, loadImages, MANAGER_NETNS, nodeDocker, nodeHostname, nodeSocket, stopNode, up } from './cluster';
import { spawnSync } from 'node:child_process';
import { startSwarmLoad } from './load';
import { spawn } from 'node:child_process';
import { runAction } from '../../runtime/src/tasks';
import { buildCli } from '../cli/harness';

const FIXTURE = path.join(__dirname, 'fixtures/compose.yaml');
const STACK = 'aist';
const unsupported = clusterUnsupported();
// Only "not root" and "no netns" may skip; a missing tool is a broken setup, a failure under CI.
if (unsupported && process.env.CI && !/root|namespace/.test(unsupported)) throw new Error(`swarm cluster tests cannot run: ${unsupported}`);
let docker: Docker;
let model: SwarmModel;
// Helper D's example stack (examples/swarm/compose.yaml) runs the example AI stack's images, which
// come from the main engine: they are copied into the nodes while the first tests run.
const EXAMPLE = path.resolve(__dirname, '../../examples/swarm/compose.yaml');
const EXAMPLE_IMAGES = ['ai-stack-example/api:1.0.0', 'ai-stack-example/redis:7.0.15'];
let exampleImages: Promise<string | undefined> = Promise.resolve('not started');

before(async () => {
  if (unsupported) {
    console.log(`# SKIPPED swarm cluster tests: ${unsupported}`);
    return;
  }
  down(); // a clean slate, also after an interrupted earlier run
  up();
  const absent = EXAMPLE_IMAGES.filter((image) => spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0);
  exampleImages = absent.length
    ? Promise.resolve(`the main engine lacks ${absent.join(', ')} (bash scripts/docker-env.sh builds them)`)
    : loadImages(EXAMPLE_IMAGES).then(() => undefined, (e: Error) => `loading the images failed: ${e.message}`);
  docker = nodeDocker(1);
  model = new SwarmModel({ docker, taskRefreshMs: 300 });
  await model.start();
});

after(async () => {
  if (unsupported) return;
  await exampleImages; // never tear down under a running docker load
  model?.dispose();
  down();
});

function deploy(tag: string, extra: Partial<SwarmDeployOptions> = {}) {
  const reporter = createMemoryReporter();
  const run = deployToSwarm(
    { files: [FIXTURE], stack: STACK, dockerHost: nodeSocket(1), env: { WEB_TAG: tag }, timeout: 180, pollMs: 500, ...extra },
    reporter,
  );
  return run.then((result) => ({ result, text: reporter.text() }));
}

const service = (s: SwarmSnapshot, name: string) => {
  const found = findService(s, `${STACK}_${name}`);
  assert.ok(found, `service ${STACK}_${name} exists`);
  return found;
};
const currentTasks = (s: SwarmSnapshot, name: string) => service(s, name).tasks.filter((t) => t.desiredState === 'running');

test('a stack deployed across 3 nodes: tasks spread, health per task in the view model (checked against each node\'s engine)', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const { result, text } = await deploy('v1');
  assert.equal(result.code, 0, text);
  assert.match(text, /converged/);
  const s = await model.waitFor((x) => swarmTreeModel(x).stacks.some((st) => st.name === STACK && st.services.every((r) => r.status === 'converged')), 60_000, 'the view to show the stack converged');
  const view = swarmTreeModel(s);
  assert.deepEqual(view.nodes.map((n) => [n.label, n.state]), [1, 2, 3].map((n) => [nodeHostname(n), 'ready']));
  const stack = view.stacks.find((st) => st.name === STACK);
  assert.ok(stack);
  assert.deepEqual(stack.services.map((r) => r.composeName), ['web', 'worker']);
  const worker = stack.services.find((r) => r.composeName === 'worker')!;
  const web = stack.services.find((r) => r.composeName === 'web')!;
  // Swarm's spread strategy: 3 worker tasks on 3 nodes; web has at most one per node.
  assert.equal(new Set(worker.tasks.filter((r) => r.current).map((r) => r.node)).size, 3, JSON.stringify(worker.tasks));
  assert.equal(new Set(web.tasks.filter((r) => r.current).map((r) => r.node)).size, 2);
  for (const row of [...web.tasks, ...worker.tasks].filter((r) => r.current)) {
    assert.equal(row.state, 'running', row.description);
    assert.equal(row.health, 'healthy', row.description);
    assert.match(row.description, /aiswarm-n\d · running · healthy/);
  }
  // The view derives health from task state; each node's own engine has the container's real health.
  for (const task of [...currentTasks(s, 'web'), ...currentTasks(s, 'worker')]) {
    const n = Number(task.node.replace('aiswarm-n', ''));
    const inspect = await nodeDocker(n).getContainer(task.containerId!).inspect();
    assert.equal(inspect.State.Health?.Status, 'healthy', `${task.id} on ${task.node}`);
  }
});

/** The CLI as shipped (bundle), run asynchronously so the model keeps reading meanwhile. */
function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

test('the CLI (`ai-stack deploy --target swarm`, DOCKER_HOST at the manager) and the ai-stack task with target swarm deploy and follow', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const cli = await buildCli();
  const usage = await runCli(cli, ['deploy', '--target', 'swarm', '--canary', '0'], {});
  assert.equal(usage.code, 2, usage.stderr);
  assert.match(usage.stderr, /--canary needs a whole number > 0/);
  const run = await runCli(cli, ['deploy', '--target', 'swarm', '-f', FIXTURE, '--stack', STACK, '--no-color'], { DOCKER_HOST: nodeSocket(1), WEB_TAG: 'v1' });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, new RegExp(`\\$ docker stack deploy -c ${FIXTURE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${STACK}`));
  assert.match(run.stdout, /web: 2\/2 running/);
  assert.match(run.stdout, /stack "aist" converged in [\d.]+ s: web 2\/2, worker 3\/3/);
  // Not a manager: a worker's engine says so, exit 1.
  const worker = await runCli(cli, ['deploy', '--target', 'swarm', '-f', FIXTURE, '--stack', STACK, '--no-color'], { DOCKER_HOST: nodeSocket(2) });
  assert.equal(worker.code, 1);
  assert.match(worker.stdout, /is not a swarm manager \(swarm: active\)/);
  // What aiStack.swarm.detectFromEngine asks: the manager says yes, a worker no.
  assert.equal(await isSwarmManager(nodeDocker(1)), true);
  assert.equal(await isSwarmManager(nodeDocker(2)), false);
  const reporter = createMemoryReporter();
  const code = await runAction('deploy', { target: 'swarm', files: [FIXTURE], stack: STACK, dockerHost: nodeSocket(1), env: { WEB_TAG: 'v1' } }, reporter);
  assert.equal(code, 0, reporter.text());
  assert.match(reporter.text(), /converged/);
});

test('rolling update with order: start-first under load from the manager netns: 0 failed requests', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const load = startSwarmLoad(model, `${STACK}_web`, { maxRequests: 20000, maxMs: 150_000, concurrency: 4 });
  let loadResult;
  try {
    await load.flowing();
    const { result, text } = await deploy('v2');
    assert.equal(result.code, 0, text);
    assert.match(text, /web: .*update updating/);
    assert.match(text, /update completed/);
    // Answers from the new version have arrived before the load stops.
    await model.waitFor((s) => currentTasks(s, 'web').every((x) => x.image?.endsWith(':v2') && x.state === 'running'), 60_000, 'web on v2');
  } finally {
    loadResult = await load.stop();
  }
  console.log(`# FIGURES swarm rolling update: ${loadResult.sent} requests, ${loadResult.failed} failed, versions ${JSON.stringify(loadResult.versions)}`);
  assert.equal(loadResult.failed, 0, JSON.stringify(loadResult.failures));
  assert.ok(loadResult.ok > 20, `load flowed: ${loadResult.ok} answers`);
  assert.ok(loadResult.versions['version v1'] > 0 && loadResult.versions['version v2'] > 0, JSON.stringify(loadResult.versions));
  assert.ok(loadResult.endpointHistory.length >= 3, 'the endpoints changed during the update');
});

test('a broken update (healthcheck never passes) rolls back by itself; ai-stack exits 1 with the rollback and its cause', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const load = startSwarmLoad(model, `${STACK}_web`, { maxRequests: 20000, maxMs: 150_000, concurrency: 2 });
  let loadResult;
  let deployed;
  try {
    await load.flowing();
    deployed = await deploy('broken');
  } finally {
    loadResult = await load.stop();
  }
  const { result, text } = deployed;
  assert.equal(result.code, 1, text);
  assert.equal(result.outcomes.web, 'rolled-back', text);
  assert.match(text, /The update did not go through: web rolled-back/);
  assert.match(text, /update rolled back due to failure/);
  assert.match(text, /ai-stack-test\/swarm-web:broken\): .*unhealthy container/, text);
  const s = await model.waitFor((x) => service(x, 'web').update.state === 'rollback_completed', 30_000, 'rollback completed in the model');
  const web = swarmTreeModel(s).stacks.find((st) => st.name === STACK)!.services.find((r) => r.composeName === 'web')!;
  assert.equal(web.status, 'rolled-back');
  assert.match(web.description, /rolled back/);
  assert.ok(currentTasks(s, 'web').every((x) => x.image?.endsWith(':v2')), 'back on v2');
  console.log(`# FIGURES swarm broken update + rollback: ${loadResult.sent} requests, ${loadResult.failed} failed`);
  assert.equal(loadResult.failed, 0, JSON.stringify(loadResult.failures));
});

test('--canary 1: a failing canary leaves the stack untouched; a healthy one is verified, removed, and the rest rolls out', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const bad = await deploy('broken', { canary: 1 });
  assert.equal(bad.result.code, 1, bad.text);
  assert.match(bad.text, /canary of web failed; the stack was NOT deployed/);
  assert.match(bad.text, /unhealthy container/);
  assert.doesNotMatch(bad.text, /docker stack deploy/);
  let s = await model.refresh().then(() => model.snapshot!);
  assert.ok(!findService(s, `${STACK}_web-canary`), 'canary removed');
  assert.ok(currentTasks(s, 'web').every((x) => x.image?.endsWith(':v2')), 'stack not updated');

  const seen = new Set<string>();
  const off = model.onDidChange((x) => {
    const c = findService(x, `${STACK}_web-canary`);
    if (c) seen.add(`${c.running}/${c.desiredReplicas}`);
  });
  const good = await deploy('v1', { canary: 1 });
  off();
  assert.equal(good.result.code, 0, good.text);
  assert.match(good.text, /canary of web: 1 replica\(s\) of ai-stack-test\/swarm-web:v1 healthy for 8 s; shifting the rest/);
  assert.ok(seen.has('1/1'), `the view saw the canary running beside the old replicas: ${[...seen]}`);
  s = await model.waitFor((x) => !findService(x, `${STACK}_web-canary`) && currentTasks(x, 'web').every((y) => y.image?.endsWith(':v1') && y.state === 'running'), 60_000, 'web on v1, canary gone');
  assert.equal(currentTasks(s, 'web').length, 2);
});

test('scale and rollback actions act on the service; the view follows (the service change arrives as an engine event)', async (t) => {
  if (unsupported) return t.skip(unsupported);
  // A model whose periodic re-read is an hour away: only the engine's service event can update it.
  const eventsOnly = new SwarmModel({ docker, taskRefreshMs: 3_600_000 });
  await eventsOnly.start();
  try {
    await scaleService(docker, `${STACK}_worker`, 4);
    await eventsOnly.waitFor((x) => service(x, 'worker').desiredReplicas === 4, 30_000, 'the scale seen through the event stream');
  } finally {
    eventsOnly.dispose();
  }
  let s = await model.waitFor((x) => service(x, 'worker').running === 4, 60_000, 'worker at 4');
  assert.equal(swarmTreeModel(s).stacks[0].services.find((r) => r.composeName === 'worker')!.description.split(' ')[0], '4/4');
  await rollbackService(docker, `${STACK}_worker`);
  s = await model.waitFor((x) => service(x, 'worker').running === 3 && service(x, 'worker').desiredReplicas === 3, 60_000, 'worker back at 3');
  assert.match(service(s, 'worker').update.state, /rollback/);
  await assert.rejects(scaleService(docker, `${STACK}_worker`, -1), /whole number/);
});

test('examples/swarm/compose.yaml across 3 nodes: api spread with health per task, redis on the manager, /health through host-mode ports', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const noImages = await exampleImages;
  if (noImages) {
    if (process.env.CI) assert.fail(noImages);
    return t.skip(noImages);
  }
  const reporter = createMemoryReporter();
  const result = await deployToSwarm({ files: [EXAMPLE], stack: 'example', dockerHost: nodeSocket(1), timeout: 240, pollMs: 1000 }, reporter);
  assert.equal(result.code, 0, reporter.text());
  // The deploy waited for every task to be healthy; the view follows it (a worker's task turns healthy only on a re-read).
  const everyTaskHealthy = (x: SwarmSnapshot) => {
    const services = x.stacks.find((st) => st.name === 'example')?.services ?? [];
    const rows = swarmTreeModel(x).stacks.find((st) => st.name === 'example')?.services.flatMap((sv) => sv.tasks.filter((r) => r.current)) ?? [];
    return services.length > 0 && rows.length > 0 && rows.every((r) => r.health === 'healthy');
  };
  const snapshot = await model.waitFor(everyTaskHealthy, 60_000, 'every task of the example stack healthy in the model');
  const stack = swarmTreeModel(snapshot).stacks.find((s) => s.name === 'example')!;
  const api = stack.services.find((s) => s.composeName === 'api')!;
  const redis = stack.services.find((s) => s.composeName === 'redis')!;
  const current = (rows: typeof api.tasks) => rows.filter((r) => r.current);
  assert.equal(new Set(current(api.tasks).map((r) => r.node)).size, 2, api.description);
  assert.deepEqual(current(redis.tasks).map((r) => r.node), ['aiswarm-n1'], 'redis stays on the manager (its volume)');
  for (const row of [...current(api.tasks), ...current(redis.tasks)]) assert.equal(row.health, 'healthy', row.description);
  const tasks = snapshot.stacks.find((s) => s.name === 'example')!.services.flatMap((s) => s.tasks.filter((x) => x.desiredState === 'running'));
  for (const task of tasks) {
    const inspect = await nodeDocker(Number(task.node.replace('aiswarm-n', ''))).getContainer(task.containerId!).inspect();
    assert.equal(inspect.State.Health?.Status, 'healthy', `${task.id} on ${task.node}`);
  }
  // Each api task answers on its own node's address (host mode), from the manager's network namespace.
  const address = new Map(snapshot.nodes.map((n) => [n.hostname, n.address]));
  for (const row of current(api.tasks)) {
    const r = spawnSync('nsenter', [`--net=/run/netns/${MANAGER_NETNS}`, '/bin/busybox', 'wget', '-q', '-O', '-', `http://${address.get(row.node)}:8000/health`], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, `${row.node}: ${r.stderr}`);
  }
  const rm = dockerCli(['stack', 'rm', 'example']);
  assert.equal(rm.code, 0, rm.output);
});

test("a worker's dockerd stopped: the view shows the node down, its tasks are rescheduled on the others", async (t) => {
  if (unsupported) return t.skip(unsupported);
  const before = model.snapshot!;
  const victim = 3;
  const onVictim = currentTasks(before, 'worker').filter((x) => x.node === nodeHostname(victim)).length;
  assert.ok(onVictim > 0, 'the stopped node had a worker task');
  stopNode(victim);
  const down = await model.waitFor((x) => x.nodes.some((n) => n.hostname === nodeHostname(victim) && n.state === 'down'), 60_000, 'the node down');
  const messages = nodeChanges(before, down);
  assert.ok(messages.some((m) => m === `node ${nodeHostname(victim)} is down: Swarm reschedules its replicated tasks on the other nodes`), messages.join('\n'));
  const row = swarmTreeModel(down).nodes.find((n) => n.label === nodeHostname(victim))!;
  assert.equal(row.down, true);
  assert.match(row.description, /down — its tasks are rescheduled/);
  const after = await model.waitFor(
    (x) =>
      currentTasks(x, 'worker').filter((y) => y.state === 'running' && y.node !== nodeHostname(victim)).length === 3 &&
      currentTasks(x, 'web').filter((y) => y.state === 'running' && y.node !== nodeHostname(victim)).length === 2,
    90_000,
    'worker and web running on the other nodes',
  );
  for (const name of ['web', 'worker']) {
    const running = currentTasks(after, name).filter((y) => y.state === 'running');
    assert.ok(running.every((y) => y.node !== nodeHostname(victim)), `${name}: ${running.map((y) => y.node)}`);
  }
});
