/**
 * Issue 10: any input up to the 5 MB limit gets its diagnostics within a 1 GB heap. A file of many
 * services overflowed the stack (`push(...findings)` with more findings than a call takes arguments),
 * and half a million findings took the language server past 1 GB: at most 50,000 findings are
 * reported per file, with one `file-too-large` warning saying how many there were, and a file of
 * more than 10,000 services is not checked (one `file-too-large` finding).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capFindings, runRules, sortFindings } from '../../server/src/engine';
import type { Finding, Rule } from '../../server/src/engine';
import { runIsolated } from './isolated';
import { MAX_SERVICES, SourceFile } from '../../server/src/engine/compose/sourceFile';

function manyServices(n: number): string {
  return `services:\n${Array.from({ length: n }, (_, i) => `  svc${i}:\n    image: nginx:1.25\n    environment:\n      A: "1"\n    ports:\n      - "${i % 60000}:80"\n    volumes:\n      - ./data${i}:/data\n`).join('')}`;
}

test('a file of 10,000 services (the most that is checked) is checked under a 1 GB heap: the first 50,000 findings and a file-too-large warning', () => {
  const { findings, heapMb } = runIsolated('analyze', { files: { 'compose.yaml': manyServices(MAX_SERVICES) }, target: 'compose.yaml' }, 280_000);
  assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), findings.find((f) => f.ruleId === 'internal-error')?.message);
  const cap = findings.filter((f) => f.ruleId === 'file-too-large');
  assert.equal(cap.length, 1);
  assert.match(cap[0].message, /^This file has 130,000 findings; only the first 50,000/);
  assert.equal(findings.length, 50_001);
  assert.ok(heapMb < 1024);
});

test('a 4.9 MB file of 37,000 services is over the service limit: one file-too-large finding on `services:`, nothing else run', () => {
  const text = manyServices(37_000);
  const bytes = Buffer.byteLength(text);
  assert.ok(bytes > 4.5 * 1048576 && bytes < 5 * 1048576, `${bytes} bytes`);
  for (const path of ['analyze', 'project'] as const) {
    const { findings } = runIsolated(path, { files: { 'compose.yaml': text }, target: 'compose.yaml' }, 280_000);
    assert.deepEqual(findings.map((f) => f.ruleId), ['file-too-large'], path);
    assert.equal(findings[0].message, 'The file defines 37,000 services; files with more than 10,000 are not checked.');
  }
  const problem = new SourceFile('c.yaml', text).problems.find((p) => p.code === 'file-too-large');
  assert.deepEqual(problem?.range, { start: 0, end: 'services'.length }, 'on the services key');
  // One service fewer than the limit and one more: the bound is exact.
  assert.ok(!new SourceFile('c.yaml', manyServices(MAX_SERVICES)).problems.some((p) => p.code === 'file-too-large'));
  assert.ok(new SourceFile('c.yaml', manyServices(MAX_SERVICES + 1)).problems.some((p) => p.code === 'file-too-large'));
});

test('5,000 services through the project model (what the server and check -f use): capped the same way', () => {
  const { findings } = runIsolated('project', { files: { 'compose.yaml': manyServices(5_000) }, target: 'compose.yaml' }, 120_000);
  assert.equal(findings.filter((f) => f.ruleId === 'file-too-large').length, 1);
  assert.equal(findings.length, 50_001);
  assert.ok(findings.some((f) => f.message.includes('"svc0"')));
});

test('capFindings: per file, idempotent, and nothing changes under the cap', () => {
  const f = (file: string, start: number): Finding => ({ ruleId: 'r', severity: 'warning', message: 'm', file, range: { start, end: start } });
  const findings = [...Array.from({ length: 5 }, (_, i) => f('a', i)), ...Array.from({ length: 2 }, (_, i) => f('b', i))];
  const once = capFindings(findings, new Map(), 3);
  assert.deepEqual(once.filter((x) => x.file === 'a' && x.ruleId === 'r').map((x) => x.range.start), [0, 1, 2]);
  assert.equal(once.filter((x) => x.file === 'a' && x.ruleId === 'file-too-large').length, 1);
  assert.equal(once.filter((x) => x.file === 'b').length, 2);
  assert.deepEqual(capFindings(once, new Map(), 3), once);
  assert.equal(capFindings(findings, new Map(), 10), findings);
});

test('runRules sets findings aside while it runs, and the capped result is exactly the first findings and the full count', () => {
  // Three rules of 70,000 findings each over two files, at scrambled positions: more than runRules holds before it trims.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const drafts = Array.from({ length: 3 }, () => Array.from({ length: 70_000 }, () => ({ file: (next() >> 16) % 4 ? 'a.yaml' : 'b.yaml', start: (next() >> 8) % 1_000_000 })));
  const rules: Rule<unknown>[] = drafts.map((list, i) => ({
    id: `r${i}`,
    kind: 'compose',
    title: 't',
    rationale: 'r',
    defaultSeverity: 'warning',
    *check() {
      for (const d of list) yield { message: 'm', file: d.file, range: { start: d.start, end: d.start + 1 } };
    },
  }));
  const run = runRules(rules, {}, {}, 'a.yaml', () => true);
  assert.ok(run.setAside.size > 0, 'runRules set nothing aside: the test no longer checks the trim');
  const capped = capFindings(sortFindings(run.findings), run.setAside);
  const all: Finding[] = drafts.flatMap((list, i) => list.map((d) => ({ ruleId: `r${i}`, severity: 'warning' as const, message: 'm', file: d.file, range: { start: d.start, end: d.start + 1 } })));
  const expected = capFindings(sortFindings(all));
  assert.deepEqual(capped, expected);
  // Both files over the cap, each counted in full.
  for (const file of ['a.yaml', 'b.yaml']) {
    const total = all.filter((f) => f.file === file).length;
    assert.ok(total > 50_000, `${file}: ${total}`);
    assert.ok(capped.some((f) => f.file === file && f.ruleId === 'file-too-large' && f.message.startsWith(`This file has ${total.toLocaleString('en-US')} findings`)), file);
  }
});
