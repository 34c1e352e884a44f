/**
 * The accuracy ledger (issue 11; docs/accuracy.md): the findings on the shared corpus must be exactly
 * the reviewed ones in test/accuracy/ledger.json. A finding that appears or disappears, or an entry
 * still `unreviewed`, fails the test: run `npm run accuracy:update`, review, commit the ledger.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { compare, DOC_PATH, formatEntry, formatStats, readLedger, renderDoc, runCorpus } from './ledger';

test('findings on the corpus are exactly the reviewed ledger', () => {
  const ledger = readLedger();
  const delta = compare(ledger, runCorpus());
  console.log(formatStats(ledger));
  const problems: string[] = [];
  if (delta.added.length) problems.push(`${delta.added.length} new finding(s) the ledger does not list:\n${delta.added.map(formatEntry).join('\n')}`);
  if (delta.missing.length) problems.push(`${delta.missing.length} ledger finding(s) no longer reported:\n${delta.missing.map((e) => formatEntry({ ...e, reason: `${e.verdict}${e.reason ? `: ${e.reason}` : ''}` })).join('\n')}`);
  if (delta.unreviewed.length) problems.push(`${delta.unreviewed.length} finding(s) still unreviewed (set verdict "true" or "false-positive" with a reason):\n${delta.unreviewed.map(formatEntry).join('\n')}`);
  assert.ok(!problems.length, `${problems.join('\n\n')}\n\nIf the change is intended: npm run accuracy:update, review every unreviewed entry in test/accuracy/ledger.json, commit it.`);
});

test('every false positive names its reason', () => {
  const missing = Object.entries(readLedger().targets).flatMap(([target, es]) => es.filter((e) => e.verdict === 'false-positive' && !e.reason?.trim()).map((e) => ({ target, ...e })));
  assert.deepEqual(missing.map(formatEntry), []);
});

test('docs/accuracy.md shows the figures and false positives of the ledger', () => {
  const doc = fs.readFileSync(DOC_PATH, 'utf8');
  assert.ok(doc.includes('<!-- figures:start -->') && doc.includes('<!-- false-positives:start -->'), 'docs/accuracy.md lost its generated sections');
  assert.ok(renderDoc(doc, readLedger()) === doc, 'docs/accuracy.md is out of date with test/accuracy/ledger.json: run npm run accuracy:update');
});
