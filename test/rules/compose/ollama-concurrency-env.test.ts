import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('ollama-concurrency-env: fix adds both knobs in map, list and absent environment', () => {
  const map = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment:\n      OLLAMA_KEEP_ALIVE: 5m # keep\n`;
  const [f] = findings(map, 'ollama-concurrency-env');
  assert.equal(underlined(map, f), 'ollama');
  assert.equal(f.severity, 'info');
  assert.deepEqual(parse(applyFix(map, 'ollama-concurrency-env')).services.ollama.environment, { OLLAMA_KEEP_ALIVE: '5m', OLLAMA_MAX_LOADED_MODELS: '1', OLLAMA_NUM_PARALLEL: '1' });
  const list = fourSpaces(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment:\n      - OLLAMA_NUM_PARALLEL=4\n`);
  const outList = applyFix(list, 'ollama-concurrency-env');
  assert.ok(outList.endsWith('            - OLLAMA_NUM_PARALLEL=4\n            - OLLAMA_MAX_LOADED_MODELS=1\n'), outList);
  const none = `services:\n  ollama: {image: "ollama/ollama:0.5.7"}\n`;
  assert.deepEqual(parse(applyFix(none, 'ollama-concurrency-env')).services.ollama.environment, { OLLAMA_MAX_LOADED_MODELS: '1', OLLAMA_NUM_PARALLEL: '1' });
});
