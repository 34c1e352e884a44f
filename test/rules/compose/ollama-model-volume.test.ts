import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('ollama-model-volume: fires without a mount at /root/.ollama; fix adds the volume and the top-level entry', () => {
  const text = `services:\n  ollama: # llm\n    image: ollama/ollama:0.5.7\n`;
  const [f] = findings(text, 'ollama-model-volume');
  assert.equal(underlined(text, f), 'ollama');
  assert.equal(f.severity, 'warning');
  const out = applyFix(text, 'ollama-model-volume');
  assert.equal(out, `services:\n  ollama: # llm\n    image: ollama/ollama:0.5.7\n    volumes: [ollama:/root/.ollama]\nvolumes:\n  ollama: {}\n`);
  const fix = check(text).fix(f)!;
  assert.equal(fix.edits.length, 1, 'same-point inserts are joined, so their order is fixed');
  const existing = fourSpaces(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    volumes:\n      - ./Modelfile:/Modelfile:ro\n  db:\n    image: postgres:16.4\nvolumes:\n  pg: {}\n`);
  const out2 = applyFix(existing, 'ollama-model-volume');
  assert.ok(out2.includes('            - ./Modelfile:/Modelfile:ro\n            - ollama:/root/.ollama\n'), out2);
  assert.deepEqual(parse(out2).volumes, { pg: {}, ollama: {} });
  const models = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment: {OLLAMA_MODELS: /models}\n    volumes: [./models:/models]\n`;
  assert.equal(findings(models, 'ollama-model-volume').length, 0);
  assert.equal(findings(`services:\n  o:\n    image: ollama/ollama:0.5.7\n    volumes: [/root/.ollama]\n`, 'ollama-model-volume').length, 1, 'anonymous volumes do not persist');
});
