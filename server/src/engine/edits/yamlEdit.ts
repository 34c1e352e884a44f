/**
 * Minimal text edits on YAML source: each helper returns one edit against the original text
 * and matches the file's indentation width, quoting and flow/block style, so comments and
 * unrelated lines stay byte-identical.
 */
import { Document, isMap, isScalar, isSeq, Node, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from '../rule';
import type { SourceFile } from '../compose/sourceFile';
import { effectiveEntries, effectiveEntry } from '../compose/mapping';

// Keyed by file and its version: a file takes new texts in place (SourceFile.parse).
const styleCache = new WeakMap<SourceFile, { version: number; style: { unit: number; singleQuote: boolean; indentSeq: boolean } }>();

/** Indentation width, preferred quote and whether `- ` items are indented under their key. */
export function fileStyle(file: SourceFile): { unit: number; singleQuote: boolean; indentSeq: boolean } {
  const hit = styleCache.get(file);
  if (hit?.version === file.version) return hit.style;
  const counts = new Map<number, number>();
  let prev = 0;
  let seqIndented = 0;
  let seqFlush = 0;
  let prevKeyIndent = -1;
  for (let i = 0; i < file.lines.lineCount; i++) {
    const line = file.lines.lineText(i);
    const trimmed = line.trimStart();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    if (indent > prev) counts.set(indent - prev, (counts.get(indent - prev) ?? 0) + 1);
    if (trimmed.startsWith('- ') && prevKeyIndent >= 0) {
      if (indent > prevKeyIndent) seqIndented++;
      else if (indent === prevKeyIndent) seqFlush++;
    }
    prevKeyIndent = /^[^#\s-][^:]*:\s*(#.*)?$/.test(trimmed) ? indent : -1;
    prev = indent;
  }
  let unit = 2;
  let best = 0;
  for (const [delta, n] of counts) if (delta >= 2 && delta <= 8 && n > best) [unit, best] = [delta, n];
  const single = (file.text.match(/'[^'\n]*'/g) ?? []).length;
  const double = (file.text.match(/"[^"\n]*"/g) ?? []).length;
  const style = { unit, singleQuote: single > double, indentSeq: seqIndented >= seqFlush };
  styleCache.set(file, { version: file.version, style });
  return style;
}

function render(file: SourceFile, value: Record<string, unknown>, flow: boolean): string {
  const style = fileStyle(file);
  const doc = new Document(value);
  // Short scalar lists read best inline (cap_drop: [ALL]); maps stay block unless the target is flow.
  visit(doc, {
    Seq(_, n) {
      if (flow || n.items.every((i) => isScalar(i))) n.flow = true;
    },
    Map(_, n) {
      if (flow) n.flow = true;
    },
  });
  if (flow && isMap(doc.contents)) doc.contents.flow = true;
  return doc
    .toString({ indent: style.unit, indentSeq: style.indentSeq, lineWidth: 0, flowCollectionPadding: false, singleQuote: style.singleQuote })
    .replace(/\n$/, '');
}

/** Column of the keys of a block mapping. */
function mapColumn(file: SourceFile, map: YAMLMap): number {
  const first = map.items[0]?.key as Node | undefined;
  if (first?.range) return file.lines.positionAt(first.range[0]).character;
  return file.lines.positionAt(map.range?.[0] ?? 0).character;
}

/** End offset of the last non-blank content of a node (yaml ranges may run into following lines). */
function contentEnd(file: SourceFile, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(file.text[e - 1])) e--;
  return e;
}

function lastItemEnd(file: SourceFile, coll: YAMLMap | YAMLSeq): number {
  const last = coll.items[coll.items.length - 1] as { value?: Node | null; key?: Node | null; range?: [number, number, number] } | undefined;
  const node = (last && 'key' in last ? (last.value ?? last.key) : (last as Node | undefined)) as Node | undefined;
  const end = node?.range?.[1] ?? coll.range?.[1] ?? 0;
  return contentEnd(file, end);
}

/** Insert `key: value` into a mapping (block or flow). `value` is plain JS. */
export function insertKey(file: SourceFile, map: YAMLMap, key: string, value: unknown): TextEdit {
  return insertKeys(file, map, { [key]: value });
}

/** Insert several `key: value` pairs, in order, as one edit (two inserts at one point would race). */
export function insertKeys(file: SourceFile, map: YAMLMap, entries: Record<string, unknown>): TextEdit {
  if (map.flow) {
    const close = file.text.lastIndexOf('}', (map.range?.[1] ?? 1) - 1);
    const inner = render(file, entries, true).replace(/^\{|\}$/g, '');
    const empty = map.items.length === 0;
    const before = contentEnd(file, close);
    return { file: file.path, range: { start: before, end: before }, newText: (empty ? '' : ', ') + inner };
  }
  const column = mapColumn(file, map);
  const pad = ' '.repeat(column);
  const text = render(file, entries, false)
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
  if (map.items.length === 0) {
    // `svc: {}` or `svc:` with nothing: caller handles; fall back to after the map start
    const at = map.range?.[0] ?? 0;
    return { file: file.path, range: { start: at, end: at }, newText: text.trimStart() + '\n' + pad };
  }
  const line = file.lines.lineOf(lastItemEnd(file, map));
  const at = file.lines.lineEnd(line);
  return { file: file.path, range: { start: at, end: at }, newText: '\n' + text };
}

/** Insert into a service mapping at `path`, creating the missing levels inside the deepest existing own map. */
export function setPath(file: SourceFile, root: YAMLMap, path: readonly string[], value: unknown): TextEdit | undefined {
  let map = root;
  let i = 0;
  for (; i < path.length - 1; i++) {
    const entry = effectiveEntry(file, map, path[i]);
    if (!entry) break;
    // Adding below an inherited map would shadow the whole anchor (merge is shallow): leave it to a person.
    if (entry.via || !isMap(entry.value)) return undefined;
    map = entry.value;
  }
  if (i === path.length - 1 && effectiveEntries(file, map).has(path[i])) return undefined;
  let nested: unknown = value;
  for (let j = path.length - 1; j > i; j--) nested = { [path[j]]: nested };
  return insertKey(file, map, path[i], nested);
}

/** Append a plain value to a sequence (block or flow). */
export function appendItem(file: SourceFile, seq: YAMLSeq, value: unknown): TextEdit {
  const rendered = render(file, { v: [value] }, true).replace(/^\{v: \[|\]\}$/g, '');
  if (seq.flow || seq.items.length === 0) {
    const close = file.text.lastIndexOf(']', (seq.range?.[1] ?? 1) - 1);
    const before = contentEnd(file, close);
    return { file: file.path, range: { start: before, end: before }, newText: (seq.items.length ? ', ' : '') + rendered };
  }
  const first = seq.items[0] as Node;
  const firstStart = first.range?.[0] ?? 0;
  const lineStart = file.lines.lineStart(file.lines.lineOf(firstStart));
  const dash = file.text.slice(lineStart, firstStart).replace(/[^ ].*$/, '');
  const line = file.lines.lineOf(lastItemEnd(file, seq));
  const at = file.lines.lineEnd(line);
  return { file: file.path, range: { start: at, end: at }, newText: `\n${dash}- ${rendered}` };
}

/** Prepend a plain value to a sequence. */
export function prependItem(file: SourceFile, seq: YAMLSeq, value: unknown): TextEdit {
  if (seq.flow || seq.items.length === 0) return flowPrepend(file, seq, value);
  const first = seq.items[0] as Node;
  const firstStart = first.range?.[0] ?? 0;
  const lineStart = file.lines.lineStart(file.lines.lineOf(firstStart));
  const prefix = file.text.slice(lineStart, firstStart);
  const rendered = render(file, { v: [value] }, true).replace(/^\{v: \[|\]\}$/g, '');
  return { file: file.path, range: { start: lineStart, end: lineStart }, newText: `${prefix}${rendered}\n` };
}

function flowPrepend(file: SourceFile, seq: YAMLSeq, value: unknown): TextEdit {
  const rendered = render(file, { v: [value] }, true).replace(/^\{v: \[|\]\}$/g, '');
  if (seq.items.length === 0) return appendItem(file, seq, value);
  const at = (seq.items[0] as Node).range?.[0] ?? 0;
  return { file: file.path, range: { start: at, end: at }, newText: `${rendered}, ` };
}

/** Replace a scalar's text, keeping its quote style. */
export function replaceScalar(file: SourceFile, node: Scalar, newValue: string): TextEdit {
  const [start, end] = node.range ?? [0, 0];
  let text: string;
  if (node.type === Scalar.QUOTE_DOUBLE) text = JSON.stringify(newValue);
  else if (node.type === Scalar.QUOTE_SINGLE) text = `'${newValue.replace(/'/g, "''")}'`;
  else text = needsQuotes(newValue) ? JSON.stringify(newValue) : newValue;
  return { file: file.path, range: { start, end }, newText: text };
}

/** Replace part of a scalar's source text (e.g. one word inside a healthcheck string). */
export function replaceInScalar(file: SourceFile, node: Scalar, find: RegExp, replacement: string): TextEdit[] {
  const [start, end] = node.range ?? [0, 0];
  const src = file.text.slice(start, end);
  const edits: TextEdit[] = [];
  for (const m of src.matchAll(new RegExp(find.source, find.flags.includes('g') ? find.flags : find.flags + 'g'))) {
    edits.push({ file: file.path, range: { start: start + m.index!, end: start + m.index! + m[0].length }, newText: replacement });
  }
  return edits;
}

function needsQuotes(s: string): boolean {
  const doc = new Document(s);
  return doc.toString().trim() !== s;
}

/** Delete a whole `key: value` pair of a block mapping (its lines), or the pair inside a flow mapping. */
export function deletePair(file: SourceFile, map: YAMLMap, key: string): TextEdit | undefined {
  const index = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
  if (index < 0) return undefined;
  const pair = map.items[index];
  const keyStart = (pair.key as Node).range![0];
  const end = contentEnd(file, ((pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1]));
  if (map.flow) {
    const next = map.items[index + 1]?.key as Node | undefined;
    const prev = map.items[index - 1];
    if (next?.range) return { file: file.path, range: { start: keyStart, end: next.range[0] }, newText: '' };
    const prevEnd = prev ? contentEnd(file, ((prev.value as Node | null)?.range?.[1] ?? (prev.key as Node).range![1])) : keyStart;
    return { file: file.path, range: { start: prevEnd, end }, newText: '' };
  }
  return deleteLines(file, keyStart, end);
}

/** Delete a sequence item (block: its lines; flow: the item and one separator). */
export function deleteItem(file: SourceFile, seq: YAMLSeq, index: number): TextEdit | undefined {
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return undefined;
  if (seq.flow) {
    const next = seq.items[index + 1] as Node | undefined;
    const prev = seq.items[index - 1] as Node | undefined;
    if (next?.range) return { file: file.path, range: { start: item.range[0], end: next.range[0] }, newText: '' };
    const start = prev?.range ? contentEnd(file, prev.range[1]) : item.range[0];
    return { file: file.path, range: { start, end: contentEnd(file, item.range[1]) }, newText: '' };
  }
  return deleteLines(file, item.range[0], contentEnd(file, item.range[1]));
}

function deleteLines(file: SourceFile, start: number, end: number): TextEdit {
  const firstLine = file.lines.lineOf(start);
  const lastLine = file.lines.lineOf(end);
  const from = file.lines.lineStart(firstLine);
  const to = lastLine + 1 < file.lines.lineCount ? file.lines.lineStart(lastLine + 1) : file.text.length;
  return { file: file.path, range: { start: from, end: to }, newText: '' };
}

export { isMap, isSeq, isScalar };
