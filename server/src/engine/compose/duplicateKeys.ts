/**
 * Duplicate mapping keys in linear time. `yaml`'s own check (`uniqueKeys`) compares each new key with
 * every key before it in the mapping: a 4.9 MB file of 37,000 services, or a one-line flow mapping of
 * 300,000 keys, spent most of its check there (31.8 s beside 5.0 s of the parse without it; the flow
 * mapping did not finish in two minutes). Documents are parsed with `uniqueKeys: false` and this walk
 * reports what `yaml` would have: two scalar keys of the same value (=== on the resolved value, so
 * `1` and `"1"` differ) in one mapping; other keys are never equal.
 */
import { isMap, isNode, isPair, isScalar, Node, YAMLMap } from 'yaml';

export interface DuplicateKey {
  /** The second (and each later) occurrence of the key. */
  key: Node;
  start: number;
  end: number;
}

/** Every repeated key in `root` and everything under it, in document order. */
export function duplicateKeys(root: unknown): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (!isNode(node) || !('items' in node)) continue;
    const items = (node as { items: unknown[] }).items;
    if (isMap(node)) collectRepeats(node, out);
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
  return out.sort((a, b) => a.start - b.start);
}

function collectRepeats(map: YAMLMap, out: DuplicateKey[]): void {
  if (map.items.length < 2) return;
  const seen = new Set<unknown>();
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key)) continue;
    const value = key.value;
    // NaN !== NaN: yaml never finds two `.nan` keys equal.
    if (typeof value === 'number' && Number.isNaN(value)) continue;
    if (!seen.has(value)) {
      seen.add(value);
      continue;
    }
    const [start, end] = key.range ?? [0, 0];
    out.push({ key, start, end: Math.max(end, start + 1) });
  }
}
