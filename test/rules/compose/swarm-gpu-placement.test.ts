import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-gpu-placement';

test('a GPU service (NVIDIA_VISIBLE_DEVICES) with nothing keeping it on GPU nodes is reported', () => {
  const text = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    environment:\n      NVIDIA_VISIBLE_DEVICES: all\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'vllm');
  assert.match(f.message, /generic_resources.*labelled GPU nodes/);
});

test('silent with a GPU generic resource, with a node-label constraint, without a GPU, and for compose', () => {
  const generic = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    deploy:\n      resources:\n        reservations:\n          generic_resources:\n            - discrete_resource_spec: {kind: NVIDIA-GPU, value: 1}\n';
  assert.deepEqual(swarmFindings(generic, RULE), []);
  assert.deepEqual(swarmFindings('services:\n  vllm:\n    image: v:1\n    environment: {NVIDIA_VISIBLE_DEVICES: all}\n    deploy:\n      placement:\n        constraints: [node.labels.gpu == true]\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    environment: {NVIDIA_VISIBLE_DEVICES: void}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  vllm:\n    image: v:1\n    environment: {NVIDIA_VISIBLE_DEVICES: all}\n', RULE, 'compose'), []);
});
