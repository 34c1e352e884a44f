/**
 * Re-parse of one edited service. Typing changes one service at a time; parsing the whole file for
 * every keystroke makes the parse alone cost as much as everything else of a check at 1000 services.
 * When the edit lies inside one service block of a block-style `services:` map and that block
 * defines no anchor (before or after the edit), only the block's text is parsed; its pairs replace
 * the old one in the previous document and every range after the block is shifted. Anything the
 * splice cannot prove equal to a full parse (syntax problems, anchors, flow style, a key moved out
 * of the services column, a duplicate service name, document markers) falls back to a full parse.
 *
 * The previous document is re-used in place (its ranges are shifted to the new text): the caller
 * updates its SourceFile in place, so whatever pointed at the unchanged services stays valid.
 */
import { Document, isCollection, isMap, isNode, isPair, isScalar, Node, parseDocument, Pair, visit, YAMLMap } from 'yaml';
import { ownText, type LineTable } from '../text';
import { AnchorIndex, pinAliasesUnder } from './aliasIndex';
import { duplicateKeys } from './duplicateKeys';
import { keyString } from './mapping';

export interface ReparseBase {
  /** The previous text's line table (its `text` is the previous text). */
  lines: LineTable;
  doc: Document.Parsed;
  anchors: AnchorIndex;
  /** Problems of the base parse: only a clean base is re-used. */
  problemCount: number;
}

type ParseOptions = Parameters<typeof parseDocument>[1];

export interface Reparsed {
  doc: Document.Parsed;
  /** The maps whose items were replaced in place (the services map and the root): caches keyed by them are stale. */
  changed: YAMLMap[];
  /** The block's own parse (its pairs now sit in the services map): for checks limited to what is new. */
  block: YAMLMap;
  /** The replaced pair (the service block as it was). */
  replaced: Pair;
  /** What moved: offsets before `start` kept, `[start, oldEnd)` re-parsed, from `oldEnd` on shifted by `delta`. */
  edit: TextShift;
  /** Services named in the replaced block and in its new text (a rename or a split names several). */
  services: string[];
}

/** How an in-place re-parse moved the offsets of the previous text. */
export interface TextShift {
  start: number;
  oldEnd: number;
  delta: number;
}

export function reparseOneService(base: ReparseBase, text: string, options: ParseOptions): Reparsed | undefined {
  if (base.problemCount > 0) return undefined;
  const old = base.lines.text;
  // The changed span: [start, oldEnd) in the old text became [start, newEnd) in the new one.
  const max = Math.min(old.length, text.length);
  const start = commonPrefix(old, text, max);
  const tail = commonSuffix(old, text, max - start);
  const oldEnd = old.length - tail;
  const delta = text.length - old.length;

  const root = base.doc.contents;
  if (!isMap(root) || root.flow) return undefined;
  const servicesAt = root.items.findIndex((p) => keyString(p.key) === 'services');
  const services = root.items[servicesAt]?.value;
  if (!isMap(services) || services.flow || services.items.length === 0) return undefined;

  const lineStart = (offset: number) => base.lines.lineStart(base.lines.positionAt(offset).line);
  const keyLine = (pair: Pair | undefined) => (isNode(pair?.key) && pair.key.range ? lineStart(pair.key.range[0]) : undefined);
  const firstKey = (services.items[0]?.key as Node | undefined)?.range?.[0];
  const column = firstKey === undefined ? -1 : firstKey - lineStart(firstKey);
  if (column <= 0) return undefined;
  // The block of service i runs from its key's line to the next sibling key's line (next service, or the next top-level key).
  const blockOf = (i: number) => ({ start: keyLine(services.items[i]), end: keyLine(services.items[i + 1]) ?? keyLine(root.items[servicesAt + 1]) });
  const index = services.items.findIndex((_, i) => {
    const b = blockOf(i);
    return b.start !== undefined && b.end !== undefined && b.start <= start && oldEnd < b.end;
  });
  if (index < 0 || hasAnchor(services.items[index])) return undefined;
  const { start: blockStart, end: blockEnd } = blockOf(index) as { start: number; end: number };

  // A copy, not a slice: yaml's scalars are slices of the text they were parsed from, and a slice keeps
  // its whole parent alive. The spliced nodes outlive this version, so they must not pin its full text.
  const blockText = ownText(text.slice(blockStart, blockEnd + delta));
  if (/^(---|\.\.\.)(\s|$)/m.test(blockText) || /^%/m.test(blockText)) return undefined;
  const sub = parseDocument(blockText, options);
  if (sub.errors.length || sub.warnings.length || duplicateKeys(sub.contents).length) return undefined;
  const map = sub.contents;
  if (!isMap(map) || map.flow || map.items.length === 0) return undefined;
  const fresh = map.items as Pair[];
  for (const pair of fresh) {
    if (!isScalar(pair.key) || hasAnchor(pair)) return undefined;
    const k = pair.key.range![0];
    if (k - (blockText.lastIndexOf('\n', k - 1) + 1) !== column) return undefined;
  }
  const replaced = services.items[index] as Pair;
  const names = new Set(services.items.filter((_, i) => i !== index).map((p) => keyString(p.key)));
  for (const pair of fresh) {
    const name = keyString(pair.key);
    if (names.has(name)) return undefined;
    names.add(name);
  }

  // Commit: from here on the base document is changed in place.
  for (const pair of services.items.slice(index + 1)) shiftPair(pair, blockEnd, delta);
  for (const pair of root.items.slice(servicesAt + 1)) shiftPair(pair, blockEnd, delta);
  shiftRange(services, blockEnd, delta);
  shiftRange(root, blockEnd, delta);
  const docRange = (base.doc as { range?: [number, number, number] }).range;
  if (docRange) for (let i = 0; i < docRange.length; i++) if (docRange[i] >= blockEnd) docRange[i] += delta;
  if (index === services.items.length - 1 && services.range && map.range) {
    // The services map ends inside the re-parsed block: where the block's own map ends (yaml computes both alike).
    services.range[1] = map.range[1] + blockStart;
    services.range[2] = map.range[2] + blockStart;
  }
  for (const pair of fresh) shiftPair(pair, 0, blockStart);
  (services.items as Pair[]).splice(index, 1, ...fresh);
  for (const pair of fresh) if (isNode(pair.value)) pinAliasesUnder(pair.value, base.anchors);
  const touched = [keyString(replaced.key), ...fresh.map((p) => keyString(p.key))];
  return { doc: base.doc, changed: [services, root], block: map, replaced, edit: { start: blockStart, oldEnd: blockEnd, delta }, services: [...new Set(touched)] };
}

/** Characters compared at once while looking for the edit (a native comparison of two slices). */
const CHUNK = 4096;

/** Length of the common prefix of `a` and `b`, at most `max`. */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of `a` and `b`, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function hasAnchor(pair: Pair | undefined): boolean {
  let found = false;
  for (const node of [pair?.key, pair?.value]) {
    if (!isNode(node)) continue;
    if (node.anchor) return true;
    visit(node, {
      Node: (_k, n) => {
        if (isNode(n) && n.anchor) {
          found = true;
          return visit.BREAK;
        }
      },
    });
  }
  return found;
}

/** Adds `delta` to every range position at or after `from` in the pair's nodes. */
function shiftPair(pair: Pair, from: number, delta: number): void {
  if (isNode(pair.key)) shiftNode(pair.key, from, delta);
  if (isNode(pair.value)) shiftNode(pair.value, from, delta);
}

function shiftNode(node: Node, from: number, delta: number): void {
  shiftRange(node, from, delta);
  if (!isCollection(node)) return;
  for (const item of node.items) {
    if (isPair(item)) shiftPair(item, from, delta);
    else if (isNode(item)) shiftNode(item, from, delta);
  }
}

function shiftRange(node: Node | YAMLMap, from: number, delta: number): void {
  const r = node.range;
  if (!r) return;
  for (let i = 0; i < r.length; i++) if (r[i] >= from) r[i] += delta;
}
