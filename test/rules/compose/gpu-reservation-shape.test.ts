import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';

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
