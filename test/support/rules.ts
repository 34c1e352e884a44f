/** Test helpers for rules: check a text, apply a finding's fix, re-check. */
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { analyze, applyEdits, Analysis, AnalyzeOptions, Finding } from '../../server/src/engine';

export function check(text: string, file = 'compose.yaml', options: AnalyzeOptions = {}): Analysis {
  const a = analyze(file, text, options);
  assert.ok(a, `no analyzer for ${file}`);
  return a;
}

export function findings(text: string, ruleId: string, file = 'compose.yaml', options: AnalyzeOptions = {}): Finding[] {
  return check(text, file, options).findings.filter((f) => f.ruleId === ruleId);
}

/** The source text a finding underlines. */
export function underlined(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

/**
 * Applies the rule's fix for the `index`-th finding of `ruleId`, then asserts: the result parses
 * without errors, every comment line survives, and that finding is gone. Returns the new text.
 */
export function applyFix(text: string, ruleId: string, index = 0, file = 'compose.yaml'): string {
  const a = check(text, file);
  const list = a.findings.filter((f) => f.ruleId === ruleId);
  const target = list[index];
  assert.ok(target, `expected a ${ruleId} finding #${index}`);
  const fix = a.fix(target);
  assert.ok(fix, `expected a fix for ${ruleId}`);
  const out = applyEdits(text, fix.edits);
  if (file.endsWith('.yaml') || file.endsWith('.yml')) {
    const doc = parseDocument(out);
    assert.deepEqual(doc.errors.map((e) => e.message), [], `fix produced invalid YAML:\n${out}`);
  }
  for (const line of text.split('\n')) {
    const comment = line.match(/#.*$/)?.[0];
    if (comment) assert.ok(out.includes(comment), `fix dropped the comment ${comment}:\n${out}`);
  }
  const after = check(out, file).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(after.length, list.length - 1, `fix did not remove the finding:\n${out}`);
  return out;
}
