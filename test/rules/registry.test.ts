// Every registered rule has its own test file at a path a newcomer can guess
// (test/rules/<kind>/<rule-id>.test.ts), and every file there is named after a registered rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allRules, RuleKind } from '../../server/src/engine';

const RULE_TESTS = __dirname;
const KINDS: readonly RuleKind[] = ['compose', 'dockerfile'];

function testFiles(kind: RuleKind): string[] {
  return fs.readdirSync(path.join(RULE_TESTS, kind)).filter((f) => f.endsWith('.test.ts')).map((f) => `${kind}/${f}`);
}

test('every registered rule has test/rules/<kind>/<rule-id>.test.ts', () => {
  const rules = allRules();
  assert.ok(rules.length > 100, `the registry lists ${rules.length} rules: is the engine's index loaded?`);
  const missing = rules
    .filter((r) => !fs.existsSync(path.join(RULE_TESTS, r.kind, `${r.id}.test.ts`)))
    .map((r) => `${r.kind}/${r.id}.test.ts`);
  assert.deepEqual(missing, [], 'rules without their own test file');
});

test('every test file under test/rules/<kind>/ names a registered rule of that kind', () => {
  const expected = new Set(allRules().map((r) => `${r.kind}/${r.id}.test.ts`));
  const strays = KINDS.flatMap(testFiles).filter((f) => !expected.has(f));
  assert.deepEqual(strays, [], 'test files named after no registered rule (renamed or deleted rule? wrong kind folder?)');
});
