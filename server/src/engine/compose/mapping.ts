/**
 * Effective entries of a YAML mapping with `<<` merge keys resolved (own keys win, then the
 * merged maps in order), remembering which anchor each inherited entry came from.
 */
import { isAlias, isMap, isScalar, Node, Pair, YAMLMap } from 'yaml';

/**
 * What reading merge keys needs of a file: its alias resolution. A SourceFile is one; this module
 * names only the capability, so the source file can import it without a cycle.
 */
export interface AliasResolver {
  /** The node an alias points to (or the node itself). */
  resolve(node: unknown): Node | undefined;
}

export interface Entry {
  key: string;
  keyNode: Node | null;
  /** Value node with aliases resolved (null for `key:` with no value). */
  value: Node | null;
  /** The pair as written (in the service, or in the anchor it was merged from). */
  pair: Pair;
  /** Set when the entry is inherited through `<<: *anchor` or the value itself is an alias. */
  via?: { anchor: string; node: Node };
}

const cache = new WeakMap<YAMLMap, Map<string, Entry>>();

/** Drops the cached entries of a map whose items were changed in place (incremental re-parse). */
export function forgetEntries(map: YAMLMap): void {
  cache.delete(map);
}

export function effectiveEntries(file: AliasResolver, map: YAMLMap): Map<string, Entry> {
  const hit = cache.get(map);
  if (hit) return hit;
  const out = new Map<string, Entry>();
  const merged: Array<{ anchor: string; map: YAMLMap; alias: Node }> = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const key = keyString(keyNode);
    if (key === '<<') {
      for (const src of isAlias(pair.value) ? [pair.value] : ((pair.value as { items?: unknown[] })?.items ?? [])) {
        const target = file.resolve(src);
        if (isMap(target) && isAlias(src)) merged.push({ anchor: src.source, map: target, alias: src });
        else if (isMap(target)) merged.push({ anchor: '', map: target, alias: target });
      }
      continue;
    }
    if (out.has(key)) continue; // duplicate key: YAML reports it; the first one wins here as in yaml's toJS
    const raw = pair.value as Node | null;
    const value = raw == null ? null : file.resolve(raw) ?? null;
    const entry: Entry = { key, keyNode, value, pair };
    if (isAlias(raw)) entry.via = { anchor: raw.source, node: raw };
    out.set(key, entry);
  }
  for (const m of merged) {
    // One `via` for every entry a merge source gives (a large file has thousands of inherited entries).
    const shared = m.anchor ? { anchor: m.anchor, node: m.alias } : undefined;
    for (const [key, entry] of effectiveEntries(file, m.map)) {
      if (out.has(key)) continue;
      out.set(key, { ...entry, via: shared ?? { anchor: entry.via?.anchor || '', node: m.alias } });
    }
  }
  // Remembered for long maps only (a lookup per key must not walk them all again: top-level `volumes:`
  // of 1000 services). A small map answers about as fast from its items and its merge sources, and a
  // large file has thousands of them: remembered, they held a Map and an entry object per key each
  // (~8 MB at 1000 realistic services, a third of the project model) for as long as the file lived.
  if (map.items.length > 16) cache.set(map, out);
  return out;
}

/**
 * `effectiveEntries(file, map).get(key)` without building the map's entries: a short map's entries are
 * not remembered (see above), and the single-file model looks up one key at a time, thousands of
 * times per check (building them per lookup was half of a check of 1000 realistic services). Same
 * answer: the first own pair with the key, else the first merge source (in order) that has it.
 */
export function effectiveEntry(file: AliasResolver, map: YAMLMap, key: string): Entry | undefined {
  const hit = cache.get(map);
  if (hit) return hit.get(key);
  let sources: unknown[] | undefined;
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const k = keyString(keyNode);
    if (k === '<<') {
      (sources ??= []).push(pair.value);
      continue;
    }
    if (k !== key) continue;
    const raw = pair.value as Node | null;
    const entry: Entry = { key, keyNode, value: raw == null ? null : file.resolve(raw) ?? null, pair };
    if (isAlias(raw)) entry.via = { anchor: raw.source, node: raw };
    return entry;
  }
  for (const value of sources ?? []) {
    for (const src of isAlias(value) ? [value] : ((value as { items?: unknown[] })?.items ?? [])) {
      const target = file.resolve(src);
      if (!isMap(target)) continue;
      const entry = effectiveEntry(file, target, key);
      if (!entry) continue;
      const alias = isAlias(src) ? src : target;
      return { ...entry, via: isAlias(src) ? { anchor: src.source, node: src } : { anchor: entry.via?.anchor || '', node: alias } };
    }
  }
  return undefined;
}

/** Key text of a pair; the merge key is a Symbol in yaml's model, `<<` here. */
export function keyString(keyNode: unknown): string {
  if (isScalar(keyNode)) return typeof keyNode.value === 'symbol' ? '<<' : String(keyNode.value);
  if (keyNode == null) return '';
  // A collection as a key (`? [a, b]`, or a block sequence where a key was meant): yaml's String()
  // builds its JS value, which throws on a bad merge inside (`<<: *undefined`; hover and definition
  // failed on it) or on too many aliases. No compose key is a collection: any text will do.
  try {
    return String(keyNode);
  } catch {
    return '<collection>';
  }
}
