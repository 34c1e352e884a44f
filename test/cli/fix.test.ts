import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { buildCli, removeDir, repoRoot, runCli, tempDir } from './harness';

const examples = path.join(repoRoot, 'examples');

let cli: string;
let work: string;

interface JsonReport {
  files: string[];
  findings: { file: string; ruleId: string; fix?: { safe: boolean } }[];
  fixed: { file: string; line: number; ruleId: string; title: string }[];
}

function comments(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.match(/(?:^|\s)(#.*)$/)?.[1]?.trimEnd())
    .filter((c): c is string => !!c);
}

function checkJson(args: string[] = []): { code: number | null; report: JsonReport; stderr: string } {
  const r = runCli(cli, ['check', '--format', 'json', ...args, '.'], work);
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
}

before(async () => {
  assert.ok(fs.existsSync(path.join(examples, 'compose.yaml')), 'examples/compose.yaml is missing');
  cli = await buildCli();
  work = tempDir();
  fs.cpSync(examples, work, { recursive: true });
});
after(() => {
  removeDir(work);
  removeDir(path.dirname(cli));
});

test('--fix on a copy of examples/: applies the safe fixes, keeps YAML valid and every comment, leaves fewer findings', () => {
  const composeFiles = fs.readdirSync(work, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(f));
  assert.ok(composeFiles.length > 0);
  const originals = new Map(composeFiles.map((f) => [f, fs.readFileSync(path.join(work, f), 'utf8')]));

  const before = checkJson();
  assert.equal(before.code, 1, before.stderr);
  const safe = before.report.findings.filter((f) => f.fix?.safe);
  assert.ok(safe.length > 0, 'the unhardened example has safely fixable findings');

  const fixed = runCli(cli, ['check', '--fix', '.'], work);
  assert.ok(fixed.code === 0 || fixed.code === 1, fixed.stderr);
  const fixLines = fixed.stdout.split('\n').filter((l) => l.startsWith('fixed '));
  assert.ok(fixLines.length > 0, `--fix reports what it changed:\n${fixed.stdout}`);
  for (const line of fixLines) assert.match(line, /^fixed \S+:\d+ [a-z0-9-]+: .+$/);
  assert.match(fixed.stderr, /fixed \d+ problems?/);

  let changed = 0;
  for (const [file, original] of originals) {
    const now = fs.readFileSync(path.join(work, file), 'utf8');
    if (now !== original) changed++;
    const doc = parseDocument(now, { uniqueKeys: true });
    assert.deepEqual(doc.errors.map((e) => e.message), [], `${file} is no longer valid YAML:\n${now}`);
    for (const c of comments(original)) assert.ok(now.includes(c), `${file} lost the comment ${c}`);
  }
  assert.ok(changed > 0, 'some file changed');

  const afterFix = checkJson();
  assert.ok(afterFix.report.findings.length < before.report.findings.length, 'fewer findings after --fix');
  assert.equal(afterFix.report.findings.filter((f) => f.fix?.safe).length, 0, 'no safely fixable finding is left');
  // Unsafe fixes (placeholders to confirm) were not applied: those findings are still reported.
  const unsafeBefore = before.report.findings.filter((f) => f.fix && !f.fix.safe).map((f) => f.ruleId);
  for (const id of new Set(unsafeBefore)) assert.ok(afterFix.report.findings.some((f) => f.ruleId === id), `unsafe fix of ${id} was applied`);

  // A second --fix has nothing left to do and changes nothing.
  const snapshot = new Map(composeFiles.map((f) => [f, fs.readFileSync(path.join(work, f), 'utf8')]));
  const again = runCli(cli, ['check', '--fix', '.'], work);
  assert.equal(again.stdout.split('\n').filter((l) => l.startsWith('fixed ')).length, 0, again.stdout);
  for (const [f, text] of snapshot) assert.equal(fs.readFileSync(path.join(work, f), 'utf8'), text, `${f} changed on the second --fix`);
});

test('--fix with --format json lists the applied fixes in the report', () => {
  const dir = tempDir({ 'compose.yaml': 'services:\n  api: # app\n    image: python:3.12.8-slim\n' });
  try {
    const r = runCli(cli, ['check', '--fix', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(report.fixed.length > 0);
    assert.ok(report.fixed.every((f) => f.file === 'compose.yaml' && f.line >= 1));
    assert.ok(report.fixed.some((f) => f.ruleId === 'cap-drop-all'));
    assert.ok(!report.findings.some((f) => f.ruleId === 'cap-drop-all'), 'the fixed finding is not reported any more');
    assert.ok(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8').includes('# app'));
  } finally {
    removeDir(dir);
  }
});
