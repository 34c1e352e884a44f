import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

const svc = (image: string) => `services:\n  app: # the app\n    image: ${image}\n`;

test('image-tag-from-env-default: a variable tag defaulting to latest-like is info, not an image-explicit-tag warning', () => {
  const text = svc('"ollama/ollama:${OLLAMA_TAG:-latest}"');
  const [f] = findings(text, 'image-tag-from-env-default');
  assert.equal(underlined(text, f), '"ollama/ollama:${OLLAMA_TAG:-latest}"');
  assert.equal(f.severity, 'info');
  assert.equal(findings(text, 'image-explicit-tag').length, 0);
  assert.equal(findings(svc('"app:${TAG-main}"'), 'image-tag-from-env-default').length, 1);
  assert.equal(findings(svc('"app:${TAG:-1.4.2}"'), 'image-tag-from-env-default').length, 0);
  assert.equal(findings(svc('"app:${TAG:?TAG must be set}"'), 'image-tag-from-env-default').length, 0);
  assert.equal(findings(svc('app:latest'), 'image-tag-from-env-default').length, 0);
});
