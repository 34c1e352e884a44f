/** engine/text.ts: a string made `unshared` does not keep the text it was sliced from alive. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { unshared } from '../../server/src/engine/text';

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
