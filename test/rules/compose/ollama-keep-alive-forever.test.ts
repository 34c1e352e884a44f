import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

test('ollama-keep-alive-forever: negative OLLAMA_KEEP_ALIVE; silent on durations', () => {
  const text = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment:\n      OLLAMA_KEEP_ALIVE: "-1" # pin\n`;
  const [f] = findings(text, 'ollama-keep-alive-forever');
  assert.equal(f.severity, 'info');
  assert.equal(underlined(text, f), 'OLLAMA_KEEP_ALIVE');
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment: [OLLAMA_KEEP_ALIVE=-1m]\n`, 'ollama-keep-alive-forever').length, 1);
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment: [OLLAMA_KEEP_ALIVE=30m]\n`, 'ollama-keep-alive-forever').length, 0);
});
