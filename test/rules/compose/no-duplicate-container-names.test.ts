import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

test('no-duplicate-container-names: each clashing service is reported at its container_name', () => {
  const text = `services:
  api: {image: x:1.2.3, container_name: app}
  web:
    image: x:1.2.3
    container_name: app # same
  db:
    image: x:1.2.3
    container_name: db
`;
  const fs = findings(text, 'no-duplicate-container-names');
  assert.deepEqual(fs.map((f) => [f.service, underlined(text, f)]), [['api', 'app'], ['web', 'app']]);
  assert.match(fs[0].message, /"web"/);
  assert.equal(fs[0].severity, 'error');
});

test('no-duplicate-container-names: quiet on unique names and on alternatives in disjoint profiles', () => {
  assert.equal(findings(`services:\n  a: {image: x:1, container_name: a}\n  b: {image: x:1, container_name: b}\n`, 'no-duplicate-container-names').length, 0);
  const profiles = `services:\n  ollama-cpu: {image: x:1, container_name: ollama, profiles: [cpu]}\n  ollama-gpu: {image: x:1, container_name: ollama, profiles: [gpu]}\n`;
  assert.equal(findings(profiles, 'no-duplicate-container-names').length, 0);
  const anchored = `x-n: &n\n  container_name: shared\nservices:\n  a:\n    <<: *n\n    image: x:1\n  b:\n    <<: *n\n    image: x:1\n`;
  const fs = findings(anchored, 'no-duplicate-container-names');
  assert.deepEqual(fs.map((f) => underlined(anchored, f)), ['a', 'b'], 'inherited: at the service keys');
});
