// GPU assignment in the Containers view's model, against the real engine: a container created with a
// GPU DeviceRequest and AMD-style device nodes (created, not started: this engine has no GPU, and the
// engine stores the request anyway), and GPU memory from nvidia-smi, absent here.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerModel } from '../../runtime/src/docker/containerModel';
import { containerIdInCgroup, GpuMemoryReader, gpuText, parseComputeApps, runProgram } from '../../runtime/src/docker/gpu';
import { containerDescription, containerTooltip } from '../../client/src/containers/presentation';
import { removeQuietly, requireEngine, TEST_IMAGE, uniqueName, waitFor } from './engine';

const created = new Set<string>();
let cleanup: (() => Promise<void>) | undefined;
after(async () => cleanup?.());

test('a container created with a GPU DeviceRequest, GPU device nodes and NVIDIA_VISIBLE_DEVICES shows its GPUs in the model and the view', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  const { docker, engine } = env;
  cleanup = () => removeQuietly(docker, created);
  const spec = (name: string) => ({
    name,
    Image: TEST_IMAGE,
    Cmd: ['sleep', '3600'],
    Env: ['NVIDIA_VISIBLE_DEVICES=1', 'SOME_TOKEN=do-not-show'],
    Labels: { 'aistack.test': '1' },
    HostConfig: {
      NetworkMode: 'none',
      DeviceRequests: [{ Driver: 'nvidia', Count: 0, DeviceIDs: ['1'], Capabilities: [['gpu', 'utility']] }],
      // Device nodes are checked when the container starts, not when it is created.
      Devices: [{ PathOnHost: '/dev/kfd', PathInContainer: '/dev/kfd', CgroupPermissions: 'rwm' }, { PathOnHost: '/dev/dri', PathInContainer: '/dev/dri', CgroupPermissions: 'rwm' }],
    },
  });
  const expected = 'nvidia GPU 1; devices /dev/kfd, /dev/dri; NVIDIA_VISIBLE_DEVICES=1';
  // Created before the model starts: listed at sync (no inspect), its GPUs appear once its details are read.
  const before = await docker.createContainer(spec(uniqueName('gpu-sync')));
  created.add(before.id);

  // No nvidia-smi on this host: the reader says so once and is never asked again.
  const calls: string[][] = [];
  const reader = new GpuMemoryReader(async (file, args) => {
    calls.push([file, ...args]);
    return runProgram(file, args);
  });
  const warnings: string[] = [];
  const model = new ContainerModel({ engine, docker, labels: ['aistack.test'], gpuMemory: reader, onWarning: (m) => warnings.push(m) });
  await model.start();
  try {
    await waitFor('the sync-listed container', () => model.get(before.id));
    const details = await model.details(before.id);
    assert.deepEqual(details.inspect.HostConfig.DeviceRequests.map((r) => [r.Driver, r.DeviceIDs, r.Capabilities]), [['nvidia', ['1'], [['gpu', 'utility']]]], 'the engine stored the request');
    const item = await waitFor('GPUs on the sync-listed container', () => (model.get(before.id)?.gpu ? model.get(before.id) : undefined));
    assert.equal(item.gpu, expected);
    assert.equal(containerDescription(item), `created · GPU ${expected}`);

    // Created while the model runs: the create event's inspect carries the GPUs.
    const later = await docker.createContainer(spec(uniqueName('gpu-event')));
    created.add(later.id);
    const fromEvent = await waitFor('the container from its create event', () => model.get(later.id));
    assert.equal(fromEvent.gpu, expected);

    const stats = await model.stats(before.id);
    assert.equal(stats.gpuMemoryBytes, undefined, 'no nvidia-smi: no GPU memory');
    await model.stats(later.id);
    const md = containerTooltip(item, details.inspect, stats);
    assert.match(md, /- GPU: nvidia GPU 1; devices \/dev\/kfd, \/dev\/dri; NVIDIA\\_VISIBLE\\_DEVICES=1$/m);
    assert.doesNotMatch(md, /GPU memory/);
    assert.doesNotMatch(md, /do-not-show|SOME_TOKEN/, 'only NVIDIA_VISIBLE_DEVICES is read from the environment');
    assert.ok(calls.length >= 1, 'nvidia-smi was tried');
    assert.deepEqual(calls[0], ['nvidia-smi', '--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'], 'an argument array');
    if (!reader.available) assert.equal(calls.length, 1, 'absent: asked once, never again');
    assert.deepEqual(warnings, [], 'no noise');
  } finally {
    await model.dispose();
  }
});

test('GPU memory per container: nvidia-smi pids mapped to containers through their cgroup', async () => {
  const id = 'a'.repeat(64);
  const other = 'b'.repeat(64);
  const cgroups: Record<number, string> = {
    101: `0::/system.slice/docker-${id}.scope\n`, // cgroup v2, systemd driver
    102: `12:memory:/docker/${id}\n`, // cgroup v1, cgroupfs driver
    103: `0::/system.slice/docker-${other}.scope\n`,
    104: '0::/user.slice/session-1.scope\n', // a host process on the GPU
  };
  const reader = new GpuMemoryReader(async () => '101, 1024\n102, 512\n103, 2048\n104, 100\n', async (pid) => cgroups[pid]);
  const map = await reader.read();
  assert.deepEqual([...(map ?? [])], [[id, 1536 * 1024 * 1024], [other, 2048 * 1024 * 1024]]);
  assert.deepEqual(parseComputeApps('No running processes found\n'), []);
  assert.equal(containerIdInCgroup('0::/init.scope'), undefined);
  const failing = new GpuMemoryReader(async () => {
    throw new Error('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver');
  });
  assert.equal(await failing.read(), undefined, 'a failing nvidia-smi: nothing shown, no throw');
  assert.equal(failing.available, true, 'a failure is not "absent": asked again later');
  assert.equal(gpuText({ requests: [{ driver: 'nvidia', count: 'all', deviceIds: [], capabilities: ['gpu'] }], devices: [] }), 'nvidia all GPUs');
});
