/**
 * Issue 10, defect 9: deep nesting (10,000 nested `[` or `{`, block maps or sequences thousands deep)
 * ended in "Maximum call stack size exceeded". Nesting is measured without recursion right after the
 * parse; past 500 levels the file gets one `yaml-depth-limit` finding and nothing walks it further.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runIsolated } from './isolated';

const HEAD = 'services:\n  app:\n    image: nginx:1.27.3\n';

const CASES: Record<string, string> = {
  '10,000 nested [': `${HEAD}    command: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  '10,000 nested {': `${HEAD}    labels: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
  '10,000 unclosed [': `${HEAD}    command: ${'['.repeat(10_000)}\n`,
  '5,000 nested block sequences (compact `- - -`)': `${HEAD}    command:\n      ${'- '.repeat(5_000)}x\n`,
  '2,000 nested block maps': `${HEAD}    labels:\n${Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(6 + i)}k${i}:`).join('\n')} x\n`,
};

for (const [name, text] of Object.entries(CASES)) {
  test(`${name}: one yaml-depth-limit finding, no stack overflow (single file and project)`, () => {
    assert.ok(Buffer.byteLength(text) < 5 * 1024 * 1024);
    for (const job of ['analyze', 'workspace'] as const) {
      const { findings } = runIsolated(job, { files: { 'compose.yaml': text }, target: 'compose.yaml', offsets: [text.length - 2] });
      assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), `${job}: ${JSON.stringify(findings)}`);
      const limits = findings.filter((f) => f.ruleId === 'yaml-depth-limit');
      assert.equal(limits.length, 1, `${job}: ${JSON.stringify(findings.map((f) => f.ruleId))}`);
      assert.equal(limits[0].severity, 'warning');
    }
  });
}

test('the language server publishes the finding and answers outline, hover, definition and completion', () => {
  const text = CASES['10,000 nested {'];
  const out = runIsolated('lsp', { files: { 'compose.yaml': text }, target: 'compose.yaml', offsets: [text.indexOf('{a') + 5000, text.length - 2] });
  assert.deepEqual(out.findings.map((f) => f.ruleId), ['yaml-depth-limit']);
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
});

test('500 levels (the limit) are still checked normally', () => {
  const text = `${HEAD}    command: ${'['.repeat(497)}${']'.repeat(497)}\n`;
  const { findings } = runIsolated('analyze', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  assert.ok(!findings.some((f) => f.ruleId === 'yaml-depth-limit'));
  assert.ok(findings.some((f) => f.ruleId === 'cap-drop-all'));
});
