// The swarm view's model on a real three-node swarm (scripts/swarm-cluster.sh): it re-reads the
// cluster only when it has a reason to. Converged, with the section collapsed (not watched), an idle
// period costs no API call; watched, it re-reads every period; an update is followed to the end with
// the section collapsed, after which the re-reads stop again. API calls are counted where every
// dockerode call goes through (the modem's dial) of the model's own client.
//
// The idle windows are the measurement itself (how many calls happen in that much time), not a wait
// for a result: every wait for state (converged, polling off) is on the model with a bounded timeout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { createMemoryReporter } from '../../runtime/src/tasks/reporter';
import { deployToSwarm } from '../../runtime/src/swarm/deploy';
import { changesTheView, settlingServices, SwarmModel } from '../../runtime/src/swarm/model';
import { findService, type SwarmSnapshot } from '../../runtime/src/swarm/snapshot';
import { clusterUnsupported, down, nodeDocker, nodeSocket, up } from './cluster';

const FIXTURE = path.join(__dirname, 'fixtures/compose.yaml');
const STACK = 'aiidle';
const PERIOD_MS = 300;
/** An idle window: long enough for twenty periodic re-reads. */
const WINDOW_MS = 20 * PERIOD_MS;
const unsupported = clusterUnsupported();
if (unsupported && process.env.CI && !/root|namespace/.test(unsupported)) throw new Error(`swarm cluster tests cannot run: ${unsupported}`);

/** The manager's engine, with every API call recorded as `METHOD /path`. */
function countedDocker(): { docker: Docker; calls: string[] } {
  const docker = nodeDocker(1);
  const calls: string[] = [];
  const modem = docker.modem as unknown as { dial: (opts: { method?: string; path?: string }, cb: unknown) => unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (opts, cb) => {
    calls.push(`${opts.method ?? 'GET'} ${(opts.path ?? '').split('?')[0]}`);
    return dial(opts, cb);
  };
  return { docker, calls };
}
const taskLists = (calls: string[]) => calls.filter((c) => c === 'GET /tasks').length;

/** The engine events the model must follow, seen on a stream of the test's own (to tell idle from busy). */
async function viewEvents(): Promise<{ count: () => number; close: () => void }> {
  const abort = new AbortController();
  const stream = (await nodeDocker(1).getEvents({ filters: { type: ['service', 'node', 'container'] }, abortSignal: abort.signal } as Docker.GetEventsOptions)) as unknown as Readable;
  let n = 0;
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    n += lines.filter(changesTheView).length;
  });
  stream.on('error', () => undefined);
  return { count: () => n, close: () => (abort.abort(), stream.destroy()) };
}

/** Waits until `check` holds, re-checked every 50 ms, at most `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Counts the calls (and view events) during one idle window. */
async function idleWindow(calls: string[]): Promise<{ calls: string[]; events: number }> {
  const events = await viewEvents();
  const from = calls.length;
  try {
    await new Promise((r) => setTimeout(r, WINDOW_MS));
  } finally {
    events.close();
  }
  return { calls: calls.slice(from), events: events.count() };
}

function deploy(tag: string) {
  const reporter = createMemoryReporter();
  return deployToSwarm({ files: [FIXTURE], stack: STACK, dockerHost: nodeSocket(1), env: { WEB_TAG: tag }, timeout: 180, pollMs: 500 }, reporter).then((result) => ({ result, text: reporter.text() }));
}
const web = (s: SwarmSnapshot) => findService(s, `${STACK}_web`);
const settled = (s: SwarmSnapshot) => !!web(s) && settlingServices(s).length === 0;

before(() => {
  if (unsupported) return console.log(`# SKIPPED swarm idle-polling tests: ${unsupported}`);
  down();
  up();
});

after(() => {
  if (!unsupported) down();
});

test('converged and not watched (section collapsed): an idle period costs no API call; watched, tasks are re-read every period', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const { result, text } = await deploy('v1');
  assert.equal(result.code, 0, text);
  const { docker, calls } = countedDocker();
  const model = new SwarmModel({ docker, taskRefreshMs: PERIOD_MS });
  try {
    await model.start();
    await model.waitFor(settled, 60_000, 'the stack converged in the model');
    await until('periodic re-reads off', () => !model.polling, 30_000);
    let idle = await idleWindow(calls);
    // A real engine may still tidy up after the deploy (an old task's container removed): such an
    // event is followed by one read. Then the window is measured again; it must come out quiet.
    for (let i = 0; i < 3 && idle.events > 0; i++) idle = await idleWindow(calls);
    assert.equal(idle.events, 0, 'the cluster went quiet');
    console.log(`# FIGURES swarm view idle ${WINDOW_MS} ms, section collapsed: ${idle.calls.length} API calls (${taskLists(idle.calls)} task lists)`);
    assert.deepEqual(idle.calls, [], 'no API call while idle and not watched');
    assert.equal(model.polling, false);

    // Watched (the section open in a visible view): tasks are re-read every period, as before.
    model.setWatched(true);
    assert.equal(model.polling, true);
    const watched = await idleWindow(calls);
    console.log(`# FIGURES swarm view idle ${WINDOW_MS} ms, section open: ${watched.calls.length} API calls (${taskLists(watched.calls)} task lists)`);
    assert.ok(taskLists(watched.calls) >= 5, `tasks re-read while watched: ${taskLists(watched.calls)} lists`);
    model.setWatched(false);
    await until('periodic re-reads off once unwatched', () => !model.polling, 10_000);
  } finally {
    model.dispose();
  }
});

test('an update is followed to the end with the section collapsed, then the re-reads stop', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const { docker, calls } = countedDocker();
  const model = new SwarmModel({ docker, taskRefreshMs: PERIOD_MS });
  let pollingSeen = false;
  const off = model.onDidChange(() => (pollingSeen ||= model.polling));
  try {
    await model.start();
    await model.waitFor(settled, 60_000, 'the stack converged in the model');
    await until('periodic re-reads off', () => !model.polling, 30_000);
    const from = calls.length;
    // The service update arrives as an engine event; the tasks moving on the other nodes do not:
    // only the model's own re-reads while the service settles can show web on v2, running.
    const deployed = deploy('v2');
    const s = await model.waitFor(
      (x) => {
        const w = web(x);
        const current = w?.tasks.filter((task) => task.desiredState === 'running') ?? [];
        return current.length === 2 && current.every((task) => task.image?.endsWith(':v2') && task.state === 'running') && settled(x);
      },
      180_000,
      'web updated to v2 and settled in the model',
    );
    const { result, text } = await deployed;
    assert.equal(result.code, 0, text);
    assert.ok(pollingSeen, 'the model re-read periodically while the update ran');
    assert.equal(web(s)?.update.state, 'completed');
    const followed = calls.slice(from);
    console.log(`# FIGURES swarm view following an update (collapsed): ${followed.length} API calls, ${taskLists(followed)} task lists`);
    await until('periodic re-reads off after the update', () => !model.polling, 30_000);
    let idle = await idleWindow(calls);
    for (let i = 0; i < 3 && idle.events > 0; i++) idle = await idleWindow(calls);
    assert.equal(idle.events, 0, 'the cluster went quiet');
    assert.equal(taskLists(idle.calls), 0, `no task list after the update converged: ${idle.calls.join(', ')}`);
  } finally {
    off();
    model.dispose();
  }
});
