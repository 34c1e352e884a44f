import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

test('gpu-reservation-shape: the all-GPUs hint counts gpus: services and covers gpus: all', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    gpus: all\n  b:\n    image: y:1.2.3\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, capabilities: [gpu]}]}}}\n`;
  const list = findings(text, 'gpu-reservation-shape');
  assert.deepEqual(list.map((f) => [f.service, f.severity, f.data?.kind]), [['a', 'hint', 'all-gpus'], ['b', 'hint', 'all-gpus']]);
  assert.match(list[0].message, /takes all GPUs \(gpus: all\) and 1 other service reserves GPUs too/);
});

test('gpu-reservation-shape: one GPU service, or every service with a count, gets no hint', () => {
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    gpus: all\n`, 'gpu-reservation-shape').length, 0);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    gpus: [{count: 1, capabilities: [gpu]}]\n  b:\n    image: y:1.2.3\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}\n`, 'gpu-reservation-shape').length, 0);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    runtime: nvidia\n    gpus: all\n`, 'gpu-reservation-shape').length, 0, 'runtime: nvidia beside gpus: is not "without a reservation"');
});

test('ollama-gpu-reservation: AMD devices (/dev/kfd, /dev/dri) are GPU access; an ollama pull client needs none', () => {
  const amd = `services:\n  ollama-gpu-amd:\n    image: ollama/ollama:0.5.7-rocm\n    profiles: [gpu-amd]\n    devices:\n      - "/dev/kfd"\n      - "/dev/dri"\n`;
  assert.equal(findings(amd, 'ollama-gpu-reservation').length, 0);
  assert.equal(findings(amd.replace(/    devices:\n.*\n.*\n/, ''), 'ollama-gpu-reservation').length, 1, 'without the devices it is reported');
  const client = `services:\n  pull-gpu:\n    image: ollama/ollama:0.5.7\n    profiles: [gpu-nvidia]\n    entrypoint: /bin/sh\n    command: ["-c", "sleep 3; OLLAMA_HOST=ollama:11434 ollama pull qwen2.5:7b"]\n`;
  assert.equal(findings(client, 'ollama-gpu-reservation').length, 0);
  assert.equal(findings(client, 'ollama-concurrency-env').length, 0);
  const server = client.replace('sleep 3; OLLAMA_HOST=ollama:11434 ollama pull qwen2.5:7b', 'ollama serve & sleep 3; ollama pull qwen2.5:7b; wait');
  assert.equal(findings(server, 'ollama-gpu-reservation').length, 1, 'serve + pull in one container is a server');
});
