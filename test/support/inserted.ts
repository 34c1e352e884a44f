import assert from 'node:assert/strict';

/** Every line of `before` survives unchanged and in order in `after`: a generator only inserted lines. */
export function assertOnlyInserted(before: string, after: string): void {
  const out = after.split('\n');
  let j = 0;
  for (const line of before.split('\n')) {
    while (j < out.length && out[j] !== line) j++;
    assert.ok(j < out.length, `line ${JSON.stringify(line)} was changed or lost:\n${after}`);
    j++;
  }
}
