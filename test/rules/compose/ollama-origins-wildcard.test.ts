import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';

test('ollama-origins-wildcard: * in OLLAMA_ORIGINS (list or map form); silent on listed origins and other images; no fix', () => {
  const text = `services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment:\n      - OLLAMA_ORIGINS=*\n  b:\n    image: ollama/ollama:0.5.7\n    environment: {OLLAMA_ORIGINS: "http://localhost:3000,https://*"}\n`;
  const list = findings(text, 'ollama-origins-wildcard');
  assert.deepEqual(list.map((f) => f.service), ['ollama', 'b']);
  assert.equal(underlined(text, list[0]), 'OLLAMA_ORIGINS=*');
  assert.equal(check(text).fix(list[0]), undefined);
  assert.equal(findings(`services:\n  ollama:\n    image: ollama/ollama:0.5.7\n    environment: [OLLAMA_ORIGINS=http://localhost:3000,chrome-extension://*]\n`, 'ollama-origins-wildcard').length, 0);
  assert.equal(findings(`services:\n  x:\n    image: app:1.2.3\n    environment: [OLLAMA_ORIGINS=*]\n`, 'ollama-origins-wildcard').length, 0);
});
