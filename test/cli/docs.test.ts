import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allRules, BUILT_IN_RULES } from '../../server/src/engine';
import { renderRulesDoc, RULES_DOC_PATH } from '../../server/src/cli/rulesDoc';
import { repoRoot } from './harness';

const docPath = path.join(repoRoot, RULES_DOC_PATH);

test('docs/rules.md is generated from the registry (run `npx tsx scripts/gen-docs.ts` when this fails)', () => {
  assert.ok(fs.existsSync(docPath), `${RULES_DOC_PATH} is missing: run npx tsx scripts/gen-docs.ts`);
  const expected = renderRulesDoc(allRules());
  const actual = fs.readFileSync(docPath, 'utf8');
  if (actual === expected) return;
  const want = expected.split('\n');
  const have = actual.split('\n');
  const first = want.findIndex((line, i) => line !== have[i]);
  assert.fail(`${RULES_DOC_PATH} drifted from the registry at line ${first + 1}:\n  expected: ${want[first]}\n  found:    ${have[first]}\nRun npx tsx scripts/gen-docs.ts`);
});

test('every rule and built-in finding id has a section (the anchor SARIF helpUri and hovers link to)', () => {
  const doc = renderRulesDoc(allRules());
  const ids = [...allRules(), ...BUILT_IN_RULES].map((r) => r.id);
  for (const id of ids) assert.ok(doc.includes(`\n### ${id}\n`), `no section for ${id}`);
  const sections = doc.match(/^### .+$/gm) ?? [];
  assert.equal(sections.length, new Set(ids).size, 'one section per id, no duplicates');
});

test('rule metadata is complete enough to document', () => {
  for (const r of allRules()) {
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `id ${r.id}`);
    assert.ok(r.title.trim(), `${r.id}: title`);
    assert.ok(r.rationale.trim().length >= 40, `${r.id}: rationale says why it matters`);
  }
  const ids = allRules().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate rule ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);
});
