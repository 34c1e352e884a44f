/** engine/text.ts: a string made `unshared` does not keep the text it was sliced from alive. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { LineTable, unshared } from '../../server/src/engine/text';

const MB = 1024 * 1024;

test('unshared: equal to its input, and a remembered piece does not pin the big text it came from', () => {
  assert.equal(unshared(''), '');
  assert.equal(unshared('short'), 'short');
  assert.equal(unshared('postgresql://app:${DB_PASSWORD}@db:5432/app'), 'postgresql://app:${DB_PASSWORD}@db:5432/app');
  assert.equal(unshared('ünïcödé → 😀 and more than thirteen'), 'ünïcödé → 😀 and more than thirteen');

  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const used = (): number => {
    gc();
    gc();
    return v8.getHeapStatistics().used_heap_size;
  };
  const piecesOf = (copy: (s: string) => string): string[] => {
    const pieces: string[] = [];
    // 8 texts of 2 MB each (one-byte), each a fresh string: one remembered 40-character piece of each.
    for (let i = 0; i < 8; i++) {
      const text = `${i}:`.padEnd(2 * MB, `service-${i} `);
      pieces.push(copy(text.slice(MB, MB + 40)));
    }
    return pieces;
  };
  const before = used();
  const sliced = piecesOf((s) => s);
  const pinned = used() - before;
  assert.ok(pinned > 12 * MB, `plain slices pin their texts (${(pinned / MB).toFixed(1)} MB): the check below can fail`);
  sliced.length = 0;
  const base = used();
  const copies = piecesOf(unshared);
  const kept = used() - base;
  assert.ok(kept < MB, `unshared pieces keep ${(kept / MB).toFixed(1)} MB alive`);
  assert.equal(copies.length, 8);
});

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
