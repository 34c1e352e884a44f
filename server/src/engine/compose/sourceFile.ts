/** One parsed YAML file: text, line table, yaml Document (ranges and comments kept) and parse problems. */
import { Document, isAlias, YAMLSeq, isMap, isNode, isPair, isScalar, isSeq, Node, Pair, parseDocument, Scalar, visit, YAMLMap } from 'yaml';
import type { Tags } from 'yaml';
import { LineTable, OffsetRange } from '../text';
import { AnchorIndex, limitAliases, nestingDepth, pinAliases } from './aliasIndex';
import { forgetEntries, keyString } from './mapping';
import { duplicateKeys } from './duplicateKeys';
import { reparseOneService, TextShift } from './incremental';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * Files defining more services than this are not checked (one `file-too-large` finding on `services:`).
 * The largest real stacks have a few hundred; a generated file of 37,000 small services within the
 * 5 MB limit took 9 s and close to 1 GB to check, at 10,000 it takes about a quarter of that.
 */
export const MAX_SERVICES = 10_000;
/** Collections nested deeper than this are refused: no compose file comes close, and recursive walks stay bounded. */
export const MAX_NESTING_DEPTH = 500;

/** Compose's merge tags (`!reset`, `!override`) on scalars, maps and sequences: kept on the node for the merge. */
const COMPOSE_TAGS = ['!reset', '!override'].flatMap((tag) => [
  { tag, resolve: (v: string) => v },
  { tag, collection: 'map' as const, nodeClass: YAMLMap, resolve: (m: YAMLMap) => m },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq, resolve: (m: YAMLSeq) => m },
]) as unknown as Tags;

export interface ParseProblem {
  message: string;
  range: OffsetRange;
  code: 'yaml-syntax' | 'yaml-duplicate-key' | 'file-too-large' | 'not-a-mapping' | 'yaml-alias-limit' | 'yaml-depth-limit';
}

// logLevel 'error': yaml's toJS warnings ("Keys with collection values will be stringified…") go to process.emitWarning, which an editor logs as errors.
// uniqueKeys false: yaml's own check is quadratic in the keys of a mapping; duplicateKeys.ts finds the same ones in linear time.
const PARSE_OPTIONS = { customTags: COMPOSE_TAGS, merge: true, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' } as const;

export class SourceFile {
  private text_: string;
  private lines_: LineTable;
  readonly doc: Document.Parsed | undefined;
  readonly problems: ParseProblem[] = [];
  private anchors: AnchorIndex = new Map();
  /** Counts the texts this file took in place (see `parse`); 0 for a fresh parse. */
  version = 0;
  /** The last in-place edit: which services it touched and how the offsets after it moved. */
  lastEdit: { version: number; shift: TextShift; services: string[] } | undefined;

  /** The current text (a file edited in place answers with its newest text). */
  get text(): string {
    return this.text_;
  }

  get lines(): LineTable {
    return this.lines_;
  }

  /**
   * The file's new text. When `previous` is the same file's last version and the edit stays inside
   * one service, `previous` itself takes the new text: its document is re-used with the edited
   * service re-parsed and every later range shifted, and it is returned (same object, `version`
   * one higher, `lastEdit` says what moved). Whatever held on to the file or to the nodes of the
   * other services stays valid. Otherwise a new file from a full parse.
   */
  static parse(path: string, text: string, previous?: SourceFile): SourceFile {
    if (previous?.doc && previous.path === path && Buffer.byteLength(text) <= MAX_FILE_BYTES) {
      const before = previous.text_;
      const reparsed = reparseOneService({ lines: previous.lines_, doc: previous.doc, anchors: previous.anchors, problemCount: previous.problems.length }, text, PARSE_OPTIONS);
      if (!reparsed) return new SourceFile(path, text);
      // The document was changed in place: from here on `previous` must take the new text or never be used again.
      previous.text_ = text;
      previous.lines_ = previous.lines_.edited(text, reparsed.edit.start, reparsed.edit.oldEnd, reparsed.edit.delta);
      previous.version++;
      previous.lastEdit = { version: previous.version, shift: reparsed.edit, services: reparsed.services };
      for (const map of reparsed.changed) {
        previous.jsCache.delete(map);
        forgetEntries(map);
      }
      // The re-parsed service may nest too deep or alias too much: then a full parse reports it. The
      // rest of the document was within the limits, so only the new block can break them.
      if (nestingDepth({ contents: reparsed.block } as Document.Parsed, MAX_NESTING_DEPTH) + 1 > MAX_NESTING_DEPTH || aliasesGrew(reparsed.replaced, reparsed.block)) {
        if (limitAliases(previous.doc).length || nestingDepth(previous.doc, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) {
          previous.retire(before);
          return new SourceFile(path, text);
        }
      }
      return previous;
    }
    return new SourceFile(path, text);
  }

  /** After a failed in-place update the document no longer matches any text: drop it so nothing reads it again. */
  private retire(text: string): void {
    (this as { doc: Document.Parsed | undefined }).doc = undefined;
    this.text_ = text;
    this.lines_ = new LineTable(text);
  }

  /**
   * Alias resolution and plain values are cached per node: resolving the same alias again and again is
   * what makes big files slow. Weak, and kept across in-place edits: untouched nodes keep their
   * entries, replaced ones are collected with their nodes.
   */
  private aliasCache = new WeakMap<Node, Node | undefined>();
  private jsCache = new WeakMap<Node, unknown>();

  constructor(readonly path: string, text: string) {
    this.text_ = text;
    this.lines_ = new LineTable(text);
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_FILE_BYTES) {
      this.problems.push({
        code: 'file-too-large',
        message: `File is ${(bytes / 1048576).toFixed(1)} MB; files over ${MAX_FILE_BYTES / 1048576} MB are not checked.`,
        range: { start: 0, end: 0 },
      });
      return;
    }
    let doc: Document.Parsed;
    try {
      doc = parseDocument(text, PARSE_OPTIONS);
    } catch (e) {
      // yaml recurses per nesting level while composing: a hostile file can still exhaust the stack.
      this.problems.push({ code: 'yaml-depth-limit', message: `The file could not be parsed (${(e as Error).message}); it is not checked.`, range: { start: 0, end: Math.min(1, text.length) } });
      return;
    }
    const depth = nestingDepth(doc, MAX_NESTING_DEPTH);
    if (depth > MAX_NESTING_DEPTH) {
      this.problems.push({ code: 'yaml-depth-limit', message: `Collections are nested more than ${MAX_NESTING_DEPTH} levels deep; the file is not checked.`, range: { start: 0, end: Math.min(1, text.length) } });
      return;
    }
    const services = servicesMapping(doc);
    if (services && services.value.items.length > MAX_SERVICES) {
      const [start, end] = services.key.range ?? [0, 1];
      this.problems.push({ code: 'file-too-large', message: `The file defines ${services.value.items.length.toLocaleString('en-US')} services; files with more than ${MAX_SERVICES.toLocaleString('en-US')} are not checked.`, range: { start, end } });
      return;
    }
    this.doc = doc;
    this.anchors = pinAliases(this.doc);
    for (const p of limitAliases(this.doc)) {
      const [start, end] = p.node.range ?? [0, 0];
      // On the anchor itself (`&name`), not the whole anchored value.
      const at = p.node.anchor ? this.text.lastIndexOf(`&${p.node.anchor}`, start) : -1;
      this.problems.push({ code: 'yaml-alias-limit', message: p.message, range: at >= 0 && at <= start ? { start: at, end: at + 1 + p.node.anchor!.length } : { start, end: Math.max(end, start + 1) } });
    }
    const yamlProblems: ParseProblem[] = [];
    for (const err of [...this.doc.errors, ...this.doc.warnings]) {
      const [start, end] = err.pos;
      yamlProblems.push({ code: 'yaml-syntax', message: firstLine(err.message), range: { start, end: Math.max(end, start + 1) } });
    }
    for (const { start, end } of duplicateKeys(this.doc.contents)) {
      const key = this.text.slice(start, end).trim();
      yamlProblems.push({ code: 'yaml-duplicate-key', message: `Duplicate key: ${key ? `"${key}"` : 'a key'} is defined more than once in this mapping (YAML keeps only one).`, range: { start, end } });
    }
    // In document order, as yaml reported them when it checked the keys itself.
    this.problems.push(...yamlProblems.sort((a, b) => a.range.start - b.range.start));
  }

  get root(): YAMLMap | undefined {
    const contents = this.doc?.contents;
    return isMap(contents) ? contents : undefined;
  }

  /** The node an alias points to (or the node itself). */
  resolve(node: unknown): Node | undefined {
    if (!isNode(node)) return undefined;
    if (!isAlias(node)) return node;
    if (this.aliasCache.has(node)) return this.aliasCache.get(node);
    let target: Node | undefined;
    try {
      const t = node.resolve(this.doc!);
      target = isNode(t) ? this.resolve(t) : undefined;
    } catch {
      target = undefined;
    }
    this.aliasCache.set(node, target);
    return target;
  }

  rangeOf(node: Node | null | undefined): OffsetRange {
    if (!node?.range) return { start: 0, end: 0 };
    return { start: node.range[0], end: node.range[1] };
  }

  /** Plain JS value of a node, with aliases and merge keys resolved. */
  toJS(node: unknown): unknown {
    const resolved = this.resolve(node);
    if (!resolved || !this.doc) return null;
    // Several rules ask for the same values: convert each node once. Callers must not mutate the result.
    if (this.jsCache.has(resolved)) return this.jsCache.get(resolved);
    let js: unknown;
    try {
      js = resolved.toJS(this.doc, { maxAliasCount: 10000 });
    } catch {
      js = null;
    }
    this.jsCache.set(resolved, js);
    return js;
  }
}

/**
 * True when the new block may expand more by aliases than the one it replaced: it has an alias of
 * an anchor the old block did not use as often. Anchors are outside the block (a block defining one
 * is never re-parsed in place), so aliases of the same anchor expand alike.
 */
function aliasesGrew(replaced: Pair, block: YAMLMap): boolean {
  const count = (root: unknown, into: Map<string, number>) => {
    visit(root as Node, { Alias: (_k, a) => void into.set(a.source, (into.get(a.source) ?? 0) + 1) });
    return into;
  };
  const before = new Map<string, number>();
  if (isNode(replaced.key)) count(replaced.key, before);
  if (isNode(replaced.value)) count(replaced.value, before);
  const after = count(block, new Map());
  for (const [source, n] of after) if (n > (before.get(source) ?? 0)) return true;
  return false;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

export { isMap, isSeq, isScalar, isPair, isAlias };
export type { Scalar, YAMLMap, Node };

/** The top-level `services:` mapping as written (its key node for ranges), if it is a block or flow mapping. */
function servicesMapping(doc: Document.Parsed): { key: Scalar; value: YAMLMap } | undefined {
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((p) => keyString(p.key) === 'services'); // as incremental.ts finds it
  return pair && isScalar(pair.key) && isMap(pair.value) ? { key: pair.key, value: pair.value } : undefined;
}
