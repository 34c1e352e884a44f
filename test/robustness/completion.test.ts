/**
 * Issue 10, defect 14: completion threw inside a long-form `depends_on:` map (the value is a mapping,
 * the code took it for a list), and yaml's "Keys with collection values will be stringified" warnings
 * went to process warnings, which the editor logs as errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine';
import { runIsolated } from './isolated';

const LONG_FORM = 'services:\n  api:\n    image: nginx:1.27.3\n    depends_on:\n      db:\n        condition: |\n  db:\n    image: postgres:16.4\n  cache:\n    image: redis:7.4.1\n';

test('completion inside a long-form depends_on answers at every offset (server and engine)', () => {
  const offsets = Array.from({ length: LONG_FORM.length + 1 }, (_, i) => i);
  const ws = runIsolated('workspace', { files: { 'compose.yaml': LONG_FORM }, target: 'compose.yaml', offsets });
  const at = (needle: string, delta = 0) => ws.completions![LONG_FORM.indexOf(needle) + delta];
  // After `condition: ` the conditions; on a new key beside `db:` the services not listed yet.
  assert.ok(at('condition: ', 'condition: '.length).includes('service_healthy'));
  assert.deepEqual(at('      db:', 6), ['cache']);

  const lspOffsets = [LONG_FORM.indexOf('condition: ') + 'condition: '.length, LONG_FORM.indexOf('      db:') + 6, LONG_FORM.indexOf('      db:') + 7];
  const out = runIsolated('lsp', { files: { 'compose.yaml': LONG_FORM }, target: 'compose.yaml', offsets: lspOffsets });
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
  assert.ok(out.completions![0].includes('service_healthy'));
  assert.deepEqual(out.completions![1], ['cache']);
});

test('a mapping used as a key is not reported through process warnings', async () => {
  const warnings: string[] = [];
  const listen = (w: Error) => warnings.push(w.message);
  process.on('warning', listen);
  try {
    const text = 'services:\n  app:\n    image: nginx:1.27.3\n    labels:\n      ? [a, b]\n      : x\n      ? {c: d}\n      : y\n';
    const analysis = analyze('/tmp/compose.yaml', text, {});
    assert.ok(analysis && analysis.findings.length > 0);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings.filter((w) => /collection values/.test(w)), []);
    assert.ok(!analysis.findings.some((f) => f.severity === 'error' && /collection values/.test(f.message)));
  } finally {
    process.off('warning', listen);
  }
});
