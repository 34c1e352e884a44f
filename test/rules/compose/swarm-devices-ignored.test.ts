import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-devices-ignored';

test('devices is reported on its key, pointing at generic resources for GPUs', () => {
  const text = 'services:\n  llm:\n    image: ollama/ollama:0.3.12\n    devices:\n      - /dev/dri:/dev/dri\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'devices');
  assert.match(f.message, /no device node reaches its tasks.*generic_resources/);
});

test('silent without devices and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  llm:\n    image: ollama/ollama:0.3.12\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  llm:\n    image: x:1\n    devices: [/dev/dri]\n', RULE, 'compose'), []);
});
