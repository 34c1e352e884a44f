import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

const RULE = 'model-api-all-interfaces';

test('model-api-all-interfaces: Ollama/vLLM ports on every interface, instead of the generic port rules; fix binds to 127.0.0.1 and keeps comments', () => {
  const text = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    ports:\n      - "11434:11434" # api\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    ports: ["0.0.0.0:8000:8000"]\n  web:\n    image: web:1.2.3\n    ports: ["8080:8080"]\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['ollama', 'vllm']);
  assert.equal(underlined(text, list[0]), '"11434:11434"');
  assert.match(list[0].message, /no authentication/);
  assert.match(list[1].message, /only guards the \/v1 routes/);
  assert.deepEqual(findings(text, 'port-host-ip-required').map((f) => f.service), ['web']);
  assert.deepEqual(findings(text, 'port-no-wildcard-bind').map((f) => f.service), []);
  let out = applyFix(text, RULE, 0);
  assert.ok(out.includes('- "127.0.0.1:11434:11434" # api'), out);
  out = applyFix(out, RULE, 0);
  assert.ok(out.includes('ports: ["127.0.0.1:8000:8000"]'), out);
});

test('model-api-all-interfaces: OLLAMA_HOST=0.0.0.0 on the host network; silent on the hardened forms', () => {
  const text = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    network_mode: host\n    environment:\n      - OLLAMA_HOST=0.0.0.0:11434\n`;
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), 'OLLAMA_HOST=0.0.0.0:11434');
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    ports: ["127.0.0.1:11434:11434"]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    expose: ["11434"]\n    environment: [OLLAMA_HOST=0.0.0.0]\n`, RULE).length, 0);
});
