import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { findings } from '../../support/rules';
import { SourceFile } from '../../../server/src/engine/compose/sourceFile';
import { schemaProblems } from '../../../server/src/engine/project/schema';
import { corpusDir } from '../../support/corpus';

const text = 'services:\n  api:\n    image: a:1.0.0\n    heathcheck: {test: [CMD, x]}\n    ports: {a: 1}\n    restart: 5\n    read_only: ${RO}\n';

test('compose-schema: unknown keys with did-you-mean and wrong types, on the exact node', () => {
  const found = findings(text, 'compose-schema', 'compose.yaml', { severities: { 'service-shape': 'off' } });
  assert.deepEqual(
    found.map((f) => [text.slice(f.range.start, f.range.end), f.message]),
    [
      ['heathcheck', 'Unknown key "heathcheck" in services.api: Compose rejects the file. Did you mean "healthcheck"?'],
      ['{a: 1}', 'services.api.ports must be array, not a mapping.'],
      ['5', 'services.api.restart must be string, not number.'],
    ],
  );
});

test('compose-schema: a bad value reported by service-shape is not reported again by compose-schema', () => {
  const schema = findings(text, 'compose-schema').map((f) => text.slice(f.range.start, f.range.end));
  const shape = findings(text, 'service-shape').map((f) => text.slice(f.range.start, f.range.end));
  assert.ok(shape.includes('{a: 1}'));
  assert.deepEqual(schema.filter((s) => shape.includes(s)), []);
  assert.ok(schema.includes('heathcheck'), 'unknown keys still come from the schema');
});

test('compose-schema is off with the setting, and quiet on the whole corpus (current-spec keys accepted)', () => {
  assert.deepEqual(findings(text, 'compose-schema', 'compose.yaml', { severities: { 'compose-schema': 'off' } }), []);
  const corpus = corpusDir('compose');
  if (!existsSync(corpus)) return;
  const noisy = readdirSync(corpus).flatMap((f) => schemaProblems(new SourceFile(f, readFileSync(path.join(corpus, f), 'utf8'))).map((p) => `${f}: ${p.message}`));
  assert.deepEqual(noisy, []);
});

test('compose-schema accepts newer spec keys: name, include, develop, depends_on.required', () => {
  const modern = 'name: app\ninclude: [other.yaml]\nservices:\n  api:\n    image: a:1.0.0\n    develop: {watch: []}\n    depends_on:\n      db: {condition: service_started, required: false}\n  db:\n    image: postgres:16.4\n';
  assert.deepEqual(findings(modern, 'compose-schema'), []);
});

test('compose-schema: unknown top-level and nested keys fire; x- extensions and a clean service do not', () => {
  const bad = 'service:\n  api:\n    image: a:1.0.0\nx-common: &c {restart: always}\nservices:\n  api:\n    image: a:1.0.0\n    x-note: ok\n    logging: {driver: local, option: {max-size: 10m}}\n';
  const found = findings(bad, 'compose-schema');
  assert.deepEqual(found.map((f) => bad.slice(f.range.start, f.range.end)), ['service', 'option']);
  assert.ok(found.every((f) => f.severity === 'error'));
  assert.match(found[0].message, /Did you mean "services"\?/);
  assert.deepEqual(findings('services:\n  api:\n    image: a:1.0.0\n    x-note: ok\n    logging: {driver: local, options: {max-size: 10m}}\n', 'compose-schema'), []);
});
