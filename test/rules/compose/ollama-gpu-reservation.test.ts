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
