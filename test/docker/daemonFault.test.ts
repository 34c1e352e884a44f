// Stops and restarts a Docker daemon under a live model. It is a second dockerd of our own (own socket,
// data and exec roots, no bridge/iptables) so that the engine other tests share is never touched. It
// runs in a network namespace of its own: a dockerd started with --bridge=none deletes the host's
// docker0, and the shared engine could then no longer start a container on its default network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { ContainerModel, type ModelState } from '../../runtime/src/docker/containerModel';
import { createDocker, resolveEngine } from '../../runtime/src/docker/connection';
import { waitFor } from './engine';

const ROOT = `/tmp/aistack-test-dockerd-${process.pid}`;
const SOCKET = '/tmp/aistack-test-docker.sock';
let daemon: ChildProcess | undefined;
let cannotRun: string | undefined;

function startDaemon(): ChildProcess {
  mkdirSync(ROOT, { recursive: true });
  const log = openSync(`${ROOT}/dockerd.log`, 'a');
  return spawn(
    'unshare',
    [
      '--net',
      'dockerd',
      `--host=unix://${SOCKET}`,
      `--data-root=${ROOT}/data`,
      `--exec-root=${ROOT}/exec`,
      `--pidfile=${ROOT}/dockerd.pid`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', log, log] },
  );
}

async function stopDaemon(): Promise<void> {
  const d = daemon;
  daemon = undefined;
  if (!d || d.exitCode !== null) return;
  const exited = new Promise((r) => d.once('exit', r));
  d.kill('SIGTERM');
  const timer = setTimeout(() => d.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function daemonUp(): Promise<void> {
  const docker = createDocker(resolveEngine({ setting: `unix://${SOCKET}` }));
  await waitFor('our dockerd to answer', async () => docker.ping().then(() => true, () => undefined), 30_000);
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

before(async () => {
  const which = spawnSync('sh', ['-c', 'command -v dockerd && command -v unshare'], { encoding: 'utf8' });
  if (which.status !== 0 || process.getuid?.() !== 0) {
    cannotRun = 'needs root and dockerd on PATH to run a second daemon (bash scripts/docker-env.sh installs it)';
    if (process.env.CI) throw new Error(cannotRun);
    return;
  }
  process.on('unhandledRejection', onUnhandled);
  rmSync(SOCKET, { force: true });
  daemon = startDaemon();
  await daemonUp();
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await stopDaemon();
  rmSync(ROOT, { recursive: true, force: true });
  rmSync(SOCKET, { force: true });
});

test('daemon stops: the model says unreachable with the host and reason, then recovers and resyncs by itself', async (t) => {
  if (cannotRun) return t.skip(cannotRun);
  const model = new ContainerModel({ engine: resolveEngine({ setting: `unix://${SOCKET}` }), backoff: { initialMs: 100, maxMs: 800 } });
  const states: ModelState[] = [];
  model.onDidChange(() => states.push(model.state));
  try {
    await model.start();
    assert.equal(model.state.kind, 'connected');
    assert.equal(model.counters.openStreams, 1);
    const listsBefore = model.counters.list;

    await stopDaemon();
    const down = await waitFor('the model to report unreachable', () => (model.state.kind === 'unreachable' ? model.state : undefined), 10_000);
    assert.match(down.message, new RegExp(`^Docker is not reachable at unix://${SOCKET}: .+`));
    assert.equal(model.containers().length, 0);
    // While the daemon is away, reconnection keeps trying (and keeps failing cleanly).
    await waitFor('a failed retry', () => states.filter((s) => s.kind === 'unreachable').length >= 3 || undefined, 10_000);
    assert.ok(model.counters.openStreams <= 0, 'no stream is open while unreachable');
    const stillDown = model.state as ModelState;
    assert.ok(stillDown.kind === 'unreachable' && /connection refused|socket does not exist/.test(stillDown.message), JSON.stringify(stillDown));

    daemon = startDaemon();
    await waitFor('the model to reconnect by itself', () => model.state.kind === 'connected' || undefined, 30_000);
    assert.ok(model.counters.list > listsBefore, 'a full resync ran after reconnecting');
    assert.equal(model.counters.openStreams, 1, 'exactly one event stream after recovery');
  } finally {
    await model.dispose();
  }
  assert.equal(model.counters.openStreams, 0, 'no leaked stream after dispose');
  assert.deepEqual(unhandled, [], 'no unhandled promise rejections');
});

test('retry() while unreachable reconnects at once; an engine that never existed is reported, not thrown', async (t) => {
  if (cannotRun) return t.skip(cannotRun);
  const missing = '/tmp/aistack-test-no-such.sock';
  const model = new ContainerModel({ engine: resolveEngine({ setting: `unix://${missing}` }), backoff: { initialMs: 60_000, maxMs: 60_000 } });
  try {
    await model.start();
    assert.equal(model.state.kind, 'unreachable');
    assert.equal(
      (model.state as { message: string }).message,
      `Docker is not reachable at unix://${missing}: the socket does not exist (is the Docker daemon running?)`,
    );
    assert.ok(!existsSync(missing));
    await model.retry();
    assert.equal(model.state.kind, 'unreachable');
    assert.equal(model.counters.ping, 2, 'retry pinged immediately instead of waiting for the 60 s backoff');
  } finally {
    await model.dispose();
  }
  assert.deepEqual(unhandled, []);
});
