/** Document symbols (Outline): services, networks, volumes, secrets, configs of one file. */
import { isMap, Node, Pair } from 'yaml';
import { keyString } from '../compose/mapping';
import type { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';

export type SymbolKind = 'section' | 'service' | 'network' | 'volume' | 'secret' | 'config';

export interface DocumentSymbolInfo {
  name: string;
  kind: SymbolKind;
  detail?: string;
  range: OffsetRange;
  selectionRange: OffsetRange;
  children: DocumentSymbolInfo[];
}

const KINDS: Record<string, SymbolKind> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

export function documentSymbols(file: SourceFile): DocumentSymbolInfo[] {
  const out: DocumentSymbolInfo[] = [];
  for (const pair of file.root?.items ?? []) {
    const section = keyString(pair.key);
    const kind = KINDS[section];
    const value = file.resolve(pair.value);
    if (!kind || !isMap(value)) continue;
    const children = value.items
      .filter((p) => keyString(p.key) && keyString(p.key) !== '<<')
      .map((p) => ({ name: keyString(p.key), kind, detail: detailOf(file, p), range: pairRange(file, p), selectionRange: file.rangeOf(p.key as Node), children: [] }));
    out.push({ name: section, kind: 'section', range: pairRange(file, pair), selectionRange: file.rangeOf(pair.key as Node), children });
  }
  return out;
}

function pairRange(file: SourceFile, pair: Pair): OffsetRange {
  const start = file.rangeOf(pair.key as Node).start;
  const value = pair.value as Node | null;
  const end = value?.range ? value.range[1] : file.rangeOf(pair.key as Node).end;
  return { start, end: Math.max(end, start) };
}

function detailOf(file: SourceFile, pair: Pair): string | undefined {
  const value = file.resolve(pair.value);
  if (!isMap(value)) return undefined;
  const image = value.items.find((p) => keyString(p.key) === 'image');
  const js = image && file.toJS(image.value);
  return typeof js === 'string' ? js : undefined;
}
