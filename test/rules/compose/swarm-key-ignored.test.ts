import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-key-ignored';

test('shm_size and ipc are reported on their keys with what to write instead', () => {
  const text = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    shm_size: 1gb\n    ipc: host\n';
  const list = swarmFindings(text, RULE);
  assert.deepEqual(list.map((f) => underlined(text, f)).sort(), ['ipc', 'shm_size']);
  assert.match(list.find((f) => underlined(text, f) === 'shm_size')!.message, /tmpfs at \/dev\/shm/);
  assert.deepEqual(swarmFindings('services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n', 'model-server-shm-size'), [], 'the compose shm rule is silenced for swarm');
});

test('silent on a tmpfs /dev/shm and for compose', () => {
  const hardened = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    volumes:\n      - type: tmpfs\n        target: /dev/shm\n        tmpfs: {size: 1073741824}\n';
  assert.deepEqual(swarmFindings(hardened, RULE), []);
  assert.deepEqual(swarmFindings('services:\n  a:\n    image: a:1\n    shm_size: 1gb\n', RULE, 'compose'), []);
});

test('the tmpfs key, which stack deploy drops without a word, is reported with the tmpfs volume to use instead', () => {
  const text = 'services:\n  api:\n    image: x/api:1.2.3\n    read_only: true\n    tmpfs: [/tmp] # scratch\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'tmpfs');
  assert.match(f.message, /type: tmpfs/);
  const volume = 'services:\n  api:\n    image: x/api:1.2.3\n    read_only: true\n    volumes:\n      - type: tmpfs\n        target: /tmp\n';
  assert.deepEqual(swarmFindings(volume, RULE), []);
});
