/** The YAML node under a cursor, with its key path from the document root (aliases not followed). */
import { isAlias, isMap, isScalar, isSeq, Node, Pair } from 'yaml';
import { keyString } from '../compose/mapping';
import type { SourceFile } from '../compose/sourceFile';

export interface Located {
  /** Keys and sequence indexes from the root, e.g. ['services', 'api', 'ports', 0]. */
  path: (string | number)[];
  node: Node;
  /** The cursor is on a mapping key (path ends with that key). */
  onKey: boolean;
  pair?: Pair;
}

const within = (node: unknown, offset: number): boolean => {
  const r = (node as Node | null)?.range;
  return !!r && offset >= r[0] && offset <= r[1];
};

export function locate(file: SourceFile, offset: number): Located | undefined {
  const root = file.doc?.contents as Node | null | undefined;
  if (!root || !within(root, offset)) return undefined;
  return descend(root, offset, []);
}

function descend(node: Node, offset: number, path: (string | number)[]): Located {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyString(pair.key);
      if (within(pair.key, offset)) return { path: [...path, key], node: pair.key as Node, onKey: true, pair };
      if (within(pair.value, offset)) return descend(pair.value as Node, offset, [...path, key]);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) if (within(item, offset)) return descend(item as Node, offset, [...path, i]);
  }
  return { path, node, onKey: false };
}

export function scalarText(node: Node | null | undefined): string | undefined {
  if (isScalar(node) && node.value != null && typeof node.value !== 'object') return String(node.value);
  return undefined;
}

export { isAlias };
