import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

const GPU = { driver: 'nvidia', count: 1, capabilities: ['gpu'] };

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


test('ollama-gpu-reservation understands the gpus: key', () => {
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n    environment: [NVIDIA_VISIBLE_DEVICES=all]\n    gpus: all\n`, 'ollama-gpu-reservation').length, 0);
});
