import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

test('model-app-start-period: a model-loading service whose healthcheck has no start_period; fix adds 120s', () => {
  const text = `services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.0.1\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://127.0.0.1/health"]\n      interval: 10s\n`;
  const [f] = findings(text, 'model-app-start-period');
  assert.equal(underlined(text, f), 'healthcheck');
  assert.match(f.message, /loads a model \(its image huggingface\/text-generation-inference is a model server\)/);
  assert.ok(applyFix(text, 'model-app-start-period').includes('      interval: 10s\n      start_period: 120s\n'));
  const env = `services:\n  api:\n    image: example/api:1.2.3\n    environment:\n      HF_MODEL_ID: BAAI/bge-small-en\n    healthcheck:\n      test: ["CMD", "true"]\n`;
  assert.match(findings(env, 'model-app-start-period')[0].message, /it sets HF_MODEL_ID/);
  // A remote API's model name is not a model load; a start_period passes.
  assert.deepEqual(findings(env.replace('HF_MODEL_ID', 'MODEL_NAME'), 'model-app-start-period'), []);
  assert.deepEqual(findings(text.replace('interval: 10s', 'start_period: 60s'), 'model-app-start-period'), []);
});
