import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fourSpaces } from './helpers';

const GPU = { driver: 'nvidia', count: 1, capabilities: ['gpu'] };

test('gpu-reservation-shape: missing capabilities, both count and device_ids, legacy runtime; capabilities without count is valid (all GPUs)', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia # card\n              count: 2\n  c:\n    image: x:1.2.3\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 1, device_ids: ["0"]}]}}}\n  d:\n    image: x:1.2.3\n    runtime: nvidia\n`;
  const list = findings(text, 'gpu-reservation-shape');
  assert.deepEqual(list.map((f) => [f.service, f.data?.kind]), [['a', 'no-capabilities'], ['c', 'count-and-ids'], ['d', 'runtime']]);
  assert.equal(underlined(text, list[2]), 'runtime');
  let out = applyFix(text, 'gpu-reservation-shape', 0);
  assert.ok(out.includes('            - driver: nvidia # card\n              count: 2\n              capabilities: [gpu]\n'), out);
  assert.equal(check(out).fix(findings(out, 'gpu-reservation-shape').find((f) => f.data?.kind === 'count-and-ids')!), undefined, 'count vs device_ids is for a person');
  out = applyFix(out, 'gpu-reservation-shape', findings(out, 'gpu-reservation-shape').findIndex((f) => f.data?.kind === 'runtime'));
  assert.deepEqual(parse(out).services.d.deploy.resources.reservations.devices, [GPU]);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}\n`, 'gpu-reservation-shape').length, 0);
  assert.equal(findings(`services:\n  a:\n    image: x:1.2.3\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, capabilities: [gpu]}]}}}\n`, 'gpu-reservation-shape').length, 0, 'one service with all GPUs: nothing to say');
});

test('gpu-reservation-shape: a hint (no fix) when a service takes all GPUs and another service reserves GPUs too', () => {
  const text = `services:\n  llm:\n    image: x:1.2.3\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}\n  asr:\n    image: x:1.2.3\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 1}]}}}\n  tts:\n    image: x:1.2.3\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: all}]}}}\n`;
  const list = findings(text, 'gpu-reservation-shape');
  assert.deepEqual(list.map((f) => [f.service, f.data?.kind, f.severity]), [['llm', 'all-gpus', 'hint'], ['tts', 'all-gpus', 'hint']]);
  assert.match(list[0].message, /reserves all GPUs .*2 other services/);
  assert.equal(check(text).fix(list[0]), undefined);
});

test('ollama-gpu-reservation: GPU intent (env, profile, file name) without a reservation', () => {
  const text = `services:\n  ollama: # llm\n    image: ollama/ollama:0.5.7\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=all\n`;
  const [f] = findings(text, 'ollama-gpu-reservation');
  assert.equal(underlined(text, f), 'ollama');
  assert.match(f.message, /NVIDIA_VISIBLE_DEVICES/);
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    profiles: [gpu-nvidia]\n`, 'ollama-gpu-reservation').length, 1);
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n`, 'ollama-gpu-reservation', 'compose.gpu.yaml').length, 1);
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n`, 'ollama-gpu-reservation').length, 0, 'CPU-only is fine');
  const out = applyFix(fourSpaces(text), 'ollama-gpu-reservation');
  assert.ok(out.includes('        deploy:\n            resources:\n                reservations:\n                    devices:\n'), out);
  assert.deepEqual(parse(out).services.ollama.deploy.resources.reservations.devices, [GPU]);
  const withLimits = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    profiles: [gpu]\n    deploy:\n      resources:\n        limits: {memory: 8G}\n`;
  assert.deepEqual(parse(applyFix(withLimits, 'ollama-gpu-reservation')).services.ollama.deploy.resources, { limits: { memory: '8G' }, reservations: { devices: [GPU] } });
});

test('ollama-model-volume: fires without a mount at /root/.ollama; fix adds the volume and the top-level entry', () => {
  const text = `services:\n  ollama: # llm\n    image: ollama/ollama:0.5.7\n`;
  const [f] = findings(text, 'ollama-model-volume');
  assert.equal(underlined(text, f), 'ollama');
  assert.equal(f.severity, 'warning');
  const out = applyFix(text, 'ollama-model-volume');
  assert.equal(out, `services:\n  ollama: # llm\n    image: ollama/ollama:0.5.7\n    volumes: [ollama:/root/.ollama]\nvolumes:\n  ollama: {}\n`);
  const fix = check(text).fix(f)!;
  assert.equal(fix.edits.length, 1, 'same-point inserts are joined, so their order is fixed');
  const existing = fourSpaces(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    volumes:\n      - ./Modelfile:/Modelfile:ro\n  db:\n    image: postgres:16.4\nvolumes:\n  pg: {}\n`);
  const out2 = applyFix(existing, 'ollama-model-volume');
  assert.ok(out2.includes('            - ./Modelfile:/Modelfile:ro\n            - ollama:/root/.ollama\n'), out2);
  assert.deepEqual(parse(out2).volumes, { pg: {}, ollama: {} });
  const models = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment: {OLLAMA_MODELS: /models}\n    volumes: [./models:/models]\n`;
  assert.equal(findings(models, 'ollama-model-volume').length, 0);
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n    volumes: [/root/.ollama]\n`, 'ollama-model-volume').length, 1, 'anonymous volumes do not persist');
});

test('ollama-concurrency-env: fix adds both knobs in map, list and absent environment', () => {
  const map = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment:\n      OLLAMA_KEEP_ALIVE: 5m # keep\n`;
  const [f] = findings(map, 'ollama-concurrency-env');
  assert.equal(underlined(map, f), 'ollama');
  assert.equal(f.severity, 'info');
  assert.deepEqual(parse(applyFix(map, 'ollama-concurrency-env')).services.ollama.environment, { OLLAMA_KEEP_ALIVE: '5m', OLLAMA_MAX_LOADED_MODELS: '1', OLLAMA_NUM_PARALLEL: '1' });
  const list = fourSpaces(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment:\n      - OLLAMA_NUM_PARALLEL=4\n`);
  const outList = applyFix(list, 'ollama-concurrency-env');
  assert.ok(outList.endsWith('            - OLLAMA_NUM_PARALLEL=4\n            - OLLAMA_MAX_LOADED_MODELS=1\n'), outList);
  const none = `services:\n  ollama: {image: "ollama/ollama:0.5.7"}\n`;
  assert.deepEqual(parse(applyFix(none, 'ollama-concurrency-env')).services.ollama.environment, { OLLAMA_MAX_LOADED_MODELS: '1', OLLAMA_NUM_PARALLEL: '1' });
});
