import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_CLI, stackConfig, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-gpu-device-reservation';
const TEXT = `services:
  ollama:
    image: ollama/ollama:0.3.12
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities: [gpu]
`;
const HARDENED = `services:
  ollama:
    image: ollama/ollama:0.3.12
    deploy:
      resources:
        reservations:
          generic_resources:
            - discrete_resource_spec:
                kind: NVIDIA-GPU
                value: 1
`;

test('a device reservation is refused: reported on devices, pointing at generic_resources', () => {
  const [f] = swarmFindings(TEXT, RULE);
  assert.equal(underlined(TEXT, f), 'devices');
  assert.match(f.message, /Additional property devices is not allowed.*generic_resources/);
  assert.deepEqual(swarmFindings(TEXT, 'ollama-gpu-reservation'), []);
});

test('gpus: all is refused too', () => {
  const text = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    gpus: all\n';
  assert.equal(swarmFindings(text, RULE).length, 1);
});

test('silent on generic resources and for compose', () => {
  assert.deepEqual(swarmFindings(HARDENED, RULE), []);
  assert.deepEqual(swarmFindings(TEXT, RULE, 'compose'), []);
});

test('the docker CLI agrees', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  const refused = stackConfig(TEXT);
  assert.equal(refused.ok, false);
  assert.match(refused.output, /Additional property devices is not allowed/);
  assert.ok(stackConfig(HARDENED).ok);
});
