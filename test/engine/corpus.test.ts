/**
 * Real-world files (../shared/corpus, third-party, read-only): the engine must not crash on any of
 * them, and every fix it offers must keep the YAML valid, keep every comment and remove its finding.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { allRules, analyze, AnalyzeOptions, applyEdits, Analysis, Finding, Fix } from '../../server/src/engine';
import { CORPUS_ROOT, corpusDir } from '../support/corpus';

const corpus = CORPUS_ROOT ?? corpusDir('compose');

function corpusFiles(kind: 'compose' | 'dockerfile'): string[] {
  const dir = path.join(corpus, kind);
  assert.ok(fs.existsSync(dir), `corpus not found at ${dir}: the tests expect the shared corpus checked out beside the repository (../shared/corpus)`);
  return fs
    .readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Comments of a YAML text (a `#` at line start or after whitespace, outside quotes as far as a line can tell). */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = line.match(/(?:^|\s)(#.*)$/);
    if (m && !/["'][^"']*$/.test(line.slice(0, m.index))) out.push(m[1].trimEnd());
  }
  return out;
}

/** The changed lines of an edit, as a small diff for failure messages. */
function diff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  return [`@@ line ${start + 1}`, ...a.slice(start, endA + 1).map((l) => `- ${l}`), ...b.slice(start, endB + 1).map((l) => `+ ${l}`)].join('\n');
}

const YAML_ERRORS = new Set(['yaml-syntax', 'yaml-duplicate-key', 'not-a-mapping']);

/** Re-checks run only the finding's own rule: the full analysis of every fixed text would take minutes. */
function onlyRule(ruleId: string): AnalyzeOptions {
  return { severities: Object.fromEntries(allRules().map((r) => [r.id, r.id === ruleId ? r.defaultSeverity : 'off'])) };
}

function count(a: Analysis, f: Finding): number {
  return a.findings.filter((x) => x.ruleId === f.ruleId && x.service === f.service).length;
}

interface Failure {
  rule: string;
  fix: string;
  problem: string;
  diff: string;
}

/** Applies one fix to the original text and returns what is wrong with the result (nothing when all is well). */
function checkFix(file: string, text: string, before: Analysis, finding: Finding, fix: Fix, yamlErrorsBefore: number): Failure | undefined {
  const fail = (problem: string, out = text): Failure => ({ rule: finding.ruleId, fix: fix.title, problem, diff: diff(text, out) });
  if (fix.edits.some((e) => e.file !== file)) return undefined; // multi-file fixes are checked by the project tests
  let out: string;
  try {
    out = applyEdits(text, fix.edits);
  } catch (e) {
    return fail(`applying the edits threw ${(e as Error).message}`);
  }
  if (out === text) return fail('the fix changes nothing');
  const kept = new Set(comments(out));
  const lost = comments(text).filter((c) => !kept.has(c) && !out.includes(c));
  if (lost.length) return fail(`comment dropped: ${lost[0]}`, out);
  const after = analyze(file, out, onlyRule(finding.ruleId), 'compose');
  if (!after) return fail('no analysis after the fix', out);
  // The analysis parses with the same yaml parser and always reports its errors (one parse, not two).
  const errors = after.findings.filter((f) => YAML_ERRORS.has(f.ruleId));
  if (errors.length > yamlErrorsBefore) return fail(`invalid YAML after the fix: ${errors[0].message}`, out);
  if (after.findings.some((f) => f.ruleId === 'internal-error')) return fail('a rule crashed on the fixed text', out);
  if (count(after, finding) >= count(before, finding)) return fail('the finding is still there after the fix', out);
  return undefined;
}

function report(file: string, failures: Failure[]): string {
  return `${failures.length} bad fix(es) in ${path.basename(file)}:\n` + failures.map((f) => `- ${f.rule} (${f.fix}): ${f.problem}\n${f.diff.replace(/^/gm, '    ')}`).join('\n');
}

describe('compose corpus', () => {
  for (const file of corpusFiles('compose')) {
    test(path.basename(file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const analysis = analyze(file, text, {}, 'compose');
      assert.ok(analysis, 'no compose analyzer');
      const crashes = analysis.findings.filter((f) => f.ruleId === 'internal-error');
      assert.deepEqual(crashes.map((f) => f.message), [], 'a rule crashed');
      const yamlErrors = analysis.findings.filter((f) => YAML_ERRORS.has(f.ruleId)).length;
      // The engine's parse errors must agree with a plain parse, or the check below would prove nothing.
      assert.equal(yamlErrors > 0, parseDocument(text, { uniqueKeys: true }).errors.length > 0, 'engine and yaml disagree on validity');
      const failures: Failure[] = [];
      const suppressed = new Set<string>();
      for (const finding of analysis.findings) {
        let fixes: Fix[];
        try {
          const own = analysis.fix(finding);
          // Every rule fix is checked; the generic suppressions once per rule and file.
          const suppressions = suppressed.has(finding.ruleId) ? [] : analysis.suppressions(finding);
          suppressed.add(finding.ruleId);
          fixes = [...(own ? [own] : []), ...suppressions];
        } catch (e) {
          failures.push({ rule: finding.ruleId, fix: '(computing fixes)', problem: `threw ${(e as Error).message}`, diff: '' });
          continue;
        }
        for (const fix of fixes) {
          const failure = checkFix(file, text, analysis, finding, fix, yamlErrors);
          if (failure) failures.push(failure);
        }
      }
      assert.equal(failures.length, 0, report(file, failures));
    });
  }
});

describe('dockerfile corpus', () => {
  const registered = allRules().some((r) => r.kind === 'dockerfile');
  for (const file of corpusFiles('dockerfile')) {
    test(path.basename(file), { skip: registered ? false : 'no Dockerfile analyzer registered yet' }, () => {
      const text = fs.readFileSync(file, 'utf8');
      const analysis = analyze(file, text, {}, 'dockerfile');
      assert.ok(analysis, 'no Dockerfile analyzer');
      assert.deepEqual(analysis.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], 'a rule crashed');
      for (const finding of analysis.findings) {
        const fix = analysis.fix(finding);
        if (!fix || fix.edits.some((e) => e.file !== file)) continue;
        const out = applyEdits(text, fix.edits);
        const after = analyze(file, out, {}, 'dockerfile')!;
        assert.deepEqual(after.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], `a rule crashed after ${fix.title}`);
        const left = after.findings.filter((f) => f.ruleId === finding.ruleId).length;
        const had = analysis.findings.filter((f) => f.ruleId === finding.ruleId).length;
        assert.ok(left < had, `${finding.ruleId} (${fix.title}) did not remove its finding:\n${diff(text, out)}`);
      }
    });
  }
});
