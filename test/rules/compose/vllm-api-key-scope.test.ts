import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';

const RULE = 'vllm-api-key-scope';

test('vllm-api-key-scope: a key does not make a LAN-published port or the host network private', () => {
  const text = `services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    command: ["--model", "Qwen/Qwen2.5-7B", "--api-key", "\${VLLM_KEY:?set it}"]\n    ports: ["192.168.1.10:8000:8000"]\n  hostnet:\n    image: vllm/vllm-openai:v0.8.5\n    network_mode: host\n    environment: {VLLM_API_KEY: "\${VLLM_KEY:?set it}"}\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['vllm', 'hostnet']);
  assert.equal(underlined(text, list[0]), '"192.168.1.10:8000:8000"');
  assert.match(list[0].message, /covers \/v1 routes, not \/invocations, \/tokenize, \/pause or \/metrics/);
  assert.equal(check(text).fix(list[0]), undefined, 'no fix: which protection fits is a decision');
});

test('vllm-api-key-scope: silent on loopback, unpublished, all-interface ports (model-api-all-interfaces) and without a key', () => {
  const svc = (ports: string, cmd = '["--api-key", "k"]') => `services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    command: ${cmd}\n    ports: ${ports}\n`;
  assert.equal(findings(svc('["127.0.0.1:8000:8000"]'), RULE).length, 0);
  assert.equal(findings(svc('[]'), RULE).length, 0);
  assert.equal(findings(svc('["8000:8000"]'), RULE).length, 0);
  assert.equal(findings(svc('["8000:8000"]'), 'model-api-all-interfaces').length, 1);
  assert.equal(findings(svc('["10.0.0.5:8000:8000"]', '["--model", "x/y"]'), RULE).length, 0);
  assert.equal(findings(`services:\n  v:\n    image: vllm/vllm-openai:v0.8.5\n    network_mode: host\n    command: [--api-key, k, --host, 127.0.0.1]\n`, RULE).length, 0);
});
