/** The server's heap trimmer starts a full collection once garbage has piled up past its threshold, and not below it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { HeapTrimmer } from '../../server/src/lsp/heapTrimmer';

const MB = 1024 * 1024;
const used = () => v8.getHeapStatistics().used_heap_size;

function makeGarbage(mb: number): void {
  let keep: unknown[] = [];
  for (let i = 0; i < mb * 8; i++) keep.push(new Array(16 * 1024).fill(i)); // ~128 KB each
  keep = [];
  void keep;
}

test('after a check, garbage past the threshold is collected; below it nothing is started', async () => {
  const trimmer = new HeapTrimmer(1024 * MB);
  const before = used();
  trimmer.afterCheck(); // far below a 1 GB floor: no collection
  assert.ok(used() >= before - 8 * MB, 'no collection below the threshold');

  const low = new HeapTrimmer(8 * MB);
  makeGarbage(120);
  const piled = used();
  assert.ok(piled > 100 * MB, `garbage piled up (${(piled / MB).toFixed(0)} MB)`);
  low.afterCheck();
  const deadline = Date.now() + 10_000;
  while (used() > piled - 60 * MB && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(used() <= piled - 60 * MB, `collected: ${(piled / MB).toFixed(0)} MB → ${(used() / MB).toFixed(0)} MB`);
});

test('the young generation stops growing at 2 × 4 MB: many survivors of scavenges do not grow it further', () => {
  const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;
  // Objects that live through several scavenges, as the facts a check derives do: V8 would double the space up to 2 × 16 MB.
  const checks = (rounds: number, trimmer: HeapTrimmer) => {
    let keep: unknown[][] = [];
    for (let round = 0; round < rounds; round++) {
      const batch: unknown[] = [];
      for (let i = 0; i < 40_000; i++) batch.push({ i, name: `service-${i}` });
      keep.push(batch);
      if (keep.length > 12) keep = keep.slice(1);
      trimmer.afterCheck();
    }
  };
  const trimmer = new HeapTrimmer();
  checks(20, trimmer); // a process that starts with a smaller young generation grows it to the bound first
  const before = young();
  assert.ok(before >= 8 * MB, `the young generation reached its bound (${(before / MB).toFixed(0)} MB)`);
  checks(60, trimmer);
  assert.equal(young(), before, `young generation ${(before / MB).toFixed(0)} MB → ${(young() / MB).toFixed(0)} MB`);
});
