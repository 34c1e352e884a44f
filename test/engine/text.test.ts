/** engine/text.ts: a line table updated for an edit equals one built from the new text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineTable } from '../../server/src/engine/text';

test('LineTable.edited: the same lines as a table built from the new text, over random edits', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['\n', '\r\n', 'a', 'services:\n  api:\n', '  x: 1\n', '', '\n\n', 'é😀'];
  let text = 'services:\n  db:\n    image: postgres\n';
  let table = new LineTable(text);
  for (let n = 0; n < 2000; n++) {
    const start = random(text.length + 1);
    const oldEnd = Math.min(text.length, start + random(12));
    const inserted = pieces[random(pieces.length)] + pieces[random(pieces.length)];
    const next = text.slice(0, start) + inserted + text.slice(oldEnd);
    // The edit as a re-parse reports it: any span that covers the change (here widened by a few characters).
    const from = Math.max(0, start - random(3));
    const to = Math.min(text.length, oldEnd + random(3));
    table = table.edited(next, from, to, next.length - text.length);
    text = next;
    const full = new LineTable(text);
    assert.equal(table.lineCount, full.lineCount, `edit ${n}`);
    for (let line = 0; line < full.lineCount; line++) assert.equal(table.lineStart(line), full.lineStart(line), `edit ${n}, line ${line}`);
  }
});
