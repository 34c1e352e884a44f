/**
 * The AI-serving rule pack over the whole shared corpus (third-party, read-only): no rule of the pack
 * throws (an internal-error finding names it), every finding lies inside its file, and every fix the
 * pack offers applies to valid YAML that keeps the comments and removes its finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { analyze, applyEdits } from '../../../server/src/engine';
import { aiServingRules } from '../../../server/src/engine/rules/compose/aiServing';
import { corpusDir } from '../../support/corpus';

const PACK = new Set(aiServingRules.map((r) => r.id));

test('the AI-serving pack runs over every corpus compose file without a crash, and its fixes hold', () => {
  const dir = corpusDir('compose');
  const files = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  assert.ok(files.length >= 40, `expected the corpus, found ${files.length} files`);
  const seen = new Map<string, number>();
  for (const name of files) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const a = analyze(path.join(dir, name), text, {}, 'compose');
    assert.ok(a, name);
    const crashes = a.findings.filter((f) => f.ruleId === 'internal-error' && [...PACK].some((id) => f.message.includes(id)));
    assert.deepEqual(crashes.map((f) => f.message), [], `${name}: a pack rule threw`);
    for (const f of a.findings.filter((x) => PACK.has(x.ruleId))) {
      seen.set(f.ruleId, (seen.get(f.ruleId) ?? 0) + 1);
      assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${name}: ${f.ruleId} range`);
      const fix = a.fix(f);
      if (!fix) continue;
      const out = applyEdits(text, fix.edits);
      assert.deepEqual(parseDocument(out).errors.map((e) => e.message), [], `${name}: ${f.ruleId} fix broke the YAML`);
      for (const c of text.match(/(?<=\s)#.*$/gm) ?? []) assert.ok(out.includes(c.trimEnd()), `${name}: ${f.ruleId} fix dropped ${c}`);
      const again = analyze(path.join(dir, name), out, {}, 'compose')!.findings.filter((x) => x.ruleId === f.ruleId);
      assert.ok(again.length < a.findings.filter((x) => x.ruleId === f.ruleId).length, `${name}: ${f.ruleId} fix did not remove its finding`);
    }
  }
  // Recorded for the report; the ledger (test/accuracy) holds the verdicts.
  console.log(`# AI pack findings on the corpus: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
});
