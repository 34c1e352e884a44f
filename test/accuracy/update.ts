/**
 * npm run accuracy:update — re-runs the checker over the corpus and rewrites test/accuracy/ledger.json:
 * existing verdicts are kept, new findings are added as `unreviewed`, vanished ones are dropped
 * (and listed). A known key now at another line (an occurrence index that shifted) is unreviewed again. A finding whose message was reworded at the same place (same rule, file and line) is added as unreviewed with the old verdict in its reason, so a reviewer can confirm it.
 * Then review every unreviewed entry (read the corpus file at `line`) and set verdict + reason,
 * and run it once more: it also rewrites the generated tables of docs/accuracy.md from the ledger.
 */
import fs from 'node:fs';
import { compare, DOC_PATH, Entry, formatEntry, formatStats, readLedger, renderDoc, runCorpus, sourceLine, writeLedger } from './ledger';

const ledger = readLedger();
const observed = runCorpus();
const delta = compare(ledger, observed);
const next: Record<string, Entry[]> = {};
for (const [target, found] of observed) {
  const listed = new Map((ledger.targets[target] ?? []).map((e) => [e.key, e]));
  const vanished = (ledger.targets[target] ?? []).filter((e) => !found.some((o) => o.key === e.key));
  next[target] = found.map((o) => {
    const old = listed.get(o.key);
    // Same key at another line: an earlier finding of the same text went away and the occurrence
    // index (#n) shifted onto a different finding, whose verdict must be given anew.
    if (old && old.line !== o.line && old.verdict !== 'unreviewed') {
      return { ...o, verdict: 'unreviewed', reason: `was ${old.verdict}${old.reason ? `: ${old.reason}` : ''} at line ${old.line} (same key, another line: check it is the same finding)` };
    }
    if (old) return { ...o, verdict: old.verdict, ...(old.reason ? { reason: old.reason } : {}) };
    const moved = vanished.find((e) => e.rule === o.rule && e.file === o.file && e.line === o.line && e.verdict !== 'unreviewed');
    return { ...o, verdict: 'unreviewed', ...(moved ? { reason: `was ${moved.verdict}${moved.reason ? `: ${moved.reason}` : ''} (key was: ${moved.key})` } : {}) };
  });
}
writeLedger({ about: ledger.about, targets: next });
const after = readLedger();
// The figures and false-positive tables of docs/accuracy.md follow the ledger.
if (fs.existsSync(DOC_PATH)) {
  const doc = fs.readFileSync(DOC_PATH, 'utf8');
  const next = renderDoc(doc, after);
  if (next !== doc) fs.writeFileSync(DOC_PATH, next);
}
const unreviewed = Object.entries(after.targets).flatMap(([target, es]) => es.filter((e) => e.verdict === 'unreviewed').map((e) => ({ target, ...e })));
console.log(`ledger: ${Object.values(next).reduce((n, es) => n + es.length, 0)} findings in ${Object.keys(next).length} targets`);
if (delta.added.length) console.log(`\n${delta.added.length} new finding(s), added as unreviewed:\n${delta.added.map((e) => `${formatEntry(e)}\n      | ${sourceLine(e.target, e)}`).join('\n')}`);
if (delta.missing.length) console.log(`\n${delta.missing.length} finding(s) gone, dropped from the ledger (were they meant to go?):\n${delta.missing.map((e) => formatEntry({ ...e, reason: `${e.verdict}${e.reason ? `: ${e.reason}` : ''}` })).join('\n')}`);
if (!delta.added.length && !delta.missing.length) console.log('no change in findings');
console.log(`\n${formatStats(after)}`);
if (unreviewed.length) {
  console.log(`\n${unreviewed.length} entr${unreviewed.length === 1 ? 'y needs' : 'ies need'} review: set "verdict" to "true" or "false-positive" (with a one-line "reason") in test/accuracy/ledger.json.`);
}
