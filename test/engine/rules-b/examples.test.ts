import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { allRules, analyze, fixAllText } from '../../../server/src/engine';
import { stackRules } from '../../../server/src/engine/rules/compose/stack';

const examples = path.resolve(__dirname, '../../../examples');
const read = (rel: string) => readFileSync(path.join(examples, rel), 'utf8');

/** Rule group B ids the unhardened example is written to trigger, one mistake (or more) each. */
const EXPECTED_B = [
  'db-named-volume',
  'depends-on-healthy',
  'healthcheck-required',
  'image-explicit-tag',
  'no-hardcoded-secrets',
  'no-migrations-in-startup',
  'no-published-db-ports',
  'ollama-concurrency-env',
  'ollama-gpu-reservation',
  'ollama-model-volume',
  'port-host-ip-required',
  'port-no-wildcard-bind',
  // `8000:8000` is not base 60 in YAML 1.1 (a part after the first is 60 or more): ports-quoted stays silent.
  // `${OPENAI_API_KEY:-}` is an explicit opt-out (an optional integration): required-env-fail-fast stays silent.
  // Its localhost probes use python urllib and pg_isready, which try every address of localhost:
  // healthcheck-loopback-ip stays silent (it reports Node 17-19 clients only, issue 11).
  'service-networks',
];

test('the unhardened example produces the expected set of stack rule ids', () => {
  const file = path.join(examples, 'compose.yaml');
  const a = analyze(file, read('compose.yaml'))!;
  const ids = new Set(stackRules.map((r) => r.id));
  const found = [...new Set(a.findings.map((f) => f.ruleId).filter((id) => ids.has(id)))].sort();
  assert.deepEqual(found, EXPECTED_B);
  assert.ok(!a.findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(a.findings.filter((f) => f.ruleId === 'internal-error')));
  // The secret itself never reaches a message.
  for (const f of a.findings) assert.ok(!f.message.includes('supersecret'), f.message);
  // The migration is handed to the tasks feature.
  const migration = a.findings.find((f) => f.ruleId === 'no-migrations-in-startup');
  assert.deepEqual(migration?.data, { tool: 'alembic', migration: 'alembic upgrade head', rest: 'uvicorn app.main:app --host 0.0.0.0 --port 8000' });
});

test('the hardened example produces zero findings from every rule', () => {
  const text = read('hardened/compose.yaml');
  const a = analyze(path.join(examples, 'hardened/compose.yaml'), text)!;
  assert.ok(allRules().length > stackRules.length, 'all compose rules are registered');
  assert.deepEqual(a.findings.map((f) => `${f.ruleId} ${f.service ?? ''}: ${f.message}`), []);
});

test('fix-all on the unhardened example keeps it valid YAML with every comment and removes findings', () => {
  const file = path.join(examples, 'compose.yaml');
  const text = read('compose.yaml');
  const before = analyze(file, text)!.findings.length;
  const result = fixAllText(file, text);
  const doc = parseDocument(result.text);
  assert.deepEqual(doc.errors.map((e) => e.message), []);
  for (const line of text.split('\n')) {
    const comment = line.match(/#.*$/)?.[0];
    if (comment) assert.ok(result.text.includes(comment), `lost ${comment}`);
  }
  assert.ok(result.remaining.length < before / 2, `${result.remaining.length} of ${before} left`);
  assert.ok(result.applied.some((x) => x.ruleId === 'depends-on-healthy'));
  assert.ok(result.applied.some((x) => x.ruleId === 'ollama-model-volume'));
});
