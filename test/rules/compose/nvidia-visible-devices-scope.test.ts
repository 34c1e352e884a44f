import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';

const RULE = 'nvidia-visible-devices-scope';

test('nvidia-visible-devices-scope: all beside a count/device_ids/gpus reservation, and all without any reservation', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}\n  b:\n    image: x:1.2.3\n    environment: {NVIDIA_VISIBLE_DEVICES: all}\n    gpus: [{driver: nvidia, device_ids: ["1"]}]\n  c:\n    image: x:1.2.3\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => [f.service, f.data?.kind]), [['a', 'conflict'], ['b', 'conflict'], ['c', 'no-reservation']]);
  assert.equal(underlined(text, list[0]), 'NVIDIA_VISIBLE_DEVICES=all');
  assert.equal(check(text).fix(list[0]), undefined);
});

test('nvidia-visible-devices-scope: silent with all GPUs reserved (devices or gpus: all), with runtime nvidia, on device ids and on Ollama', () => {
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n    gpus: all\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    runtime: nvidia\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    environment: [NVIDIA_VISIBLE_DEVICES=0]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n`, RULE).length, 0, 'ollama-gpu-reservation');
});

test('nvidia-visible-devices-scope: explicit ids that differ from device_ids conflict; the same ids do not', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    environment: ["NVIDIA_VISIBLE_DEVICES=0,1"]\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, device_ids: ["1"], capabilities: [gpu]}]}}}\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.data?.kind), ['ids-differ']);
  assert.match(list[0].message, /reserves GPU 1 \(device_ids\) but NVIDIA_VISIBLE_DEVICES=0,1/);
  assert.equal(findings(text.replace('=0,1', '=1'), RULE).length, 0);
  assert.equal(findings(text.replace('=0,1', '=${GPU_IDS}'), RULE).length, 0, 'a variable: unknown, no claim');
  assert.equal(findings(text.replace('device_ids: ["1"]', 'count: 1'), RULE).length, 0, 'count: which GPUs is the runtime\'s choice');
});

test('nvidia-visible-devices-scope: GPU device nodes (CDI) count as access', () => {
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n    devices: [nvidia.com/gpu=all]\n`, RULE).length, 0);
});
