// Every registered rule has its own test file at a path a newcomer can guess
// (test/rules/<kind>/<rule-id>.test.ts), and every file there is named after a registered rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allRules, RuleKind } from '../../server/src/engine';

const RULE_TESTS = __dirname;
const KINDS: readonly RuleKind[] = ['compose', 'dockerfile'];

/**
 * TEMPORARY (remove after the move): the AI-serving rules whose tests are still in
 * test/engine/ai/*.test.ts, which helper G owns until 09:45 today; the lead moves them into
 * test/rules/compose/<id>.test.ts and then deletes this list.
 */
const AI_TESTS_NOT_YET_MOVED = new Set([
  'model-server-shm-size',
  'model-cache-volume',
  'model-api-all-interfaces',
  'ollama-origins-wildcard',
  'ollama-keep-alive-forever',
  'model-server-start-period-short',
  'nvidia-visible-devices-scope',
  'vector-store-api-key',
]);

/**
 * TEMPORARY (remove after the move): test files under test/rules/ named after no rule. The swarm
 * corpus test spans every swarm rule (helper D's); it belongs next to the other corpus tests.
 */
const NOT_A_RULE_YET_TO_MOVE = new Set(['compose/swarm-corpus.test.ts']);

function testFiles(kind: RuleKind): string[] {
  return fs.readdirSync(path.join(RULE_TESTS, kind)).filter((f) => f.endsWith('.test.ts')).map((f) => `${kind}/${f}`);
}

test('every registered rule has test/rules/<kind>/<rule-id>.test.ts', () => {
  const rules = allRules();
  assert.ok(rules.length > 100, `the registry lists ${rules.length} rules: is the engine's index loaded?`);
  const missing = rules
    .filter((r) => !AI_TESTS_NOT_YET_MOVED.has(r.id))
    .filter((r) => !fs.existsSync(path.join(RULE_TESTS, r.kind, `${r.id}.test.ts`)))
    .map((r) => `${r.kind}/${r.id}.test.ts`);
  assert.deepEqual(missing, [], 'rules without their own test file');
});

test('every test file under test/rules/<kind>/ names a registered rule of that kind', () => {
  const expected = new Set(allRules().map((r) => `${r.kind}/${r.id}.test.ts`));
  const strays = KINDS.flatMap(testFiles).filter((f) => !expected.has(f) && !NOT_A_RULE_YET_TO_MOVE.has(f));
  assert.deepEqual(strays, [], 'test files named after no registered rule (renamed or deleted rule? wrong kind folder?)');
});

test('the temporary allow-lists name only what is still to move', () => {
  const ids = new Set(allRules().map((r) => r.id));
  for (const id of AI_TESTS_NOT_YET_MOVED) {
    assert.ok(ids.has(id), `${id} is no longer a rule: drop it from AI_TESTS_NOT_YET_MOVED`);
    assert.ok(!fs.existsSync(path.join(RULE_TESTS, 'compose', `${id}.test.ts`)), `${id} has its test file now: drop it from AI_TESTS_NOT_YET_MOVED`);
  }
  for (const f of NOT_A_RULE_YET_TO_MOVE) assert.ok(fs.existsSync(path.join(RULE_TESTS, f)), `${f} moved: drop it from NOT_A_RULE_YET_TO_MOVE`);
});
