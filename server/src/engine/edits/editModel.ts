/**
 * The one gate every fix passes before it reaches a file (quick fix, fix-all, CLI --fix):
 * inserted text takes the file's line endings, edits of one round must not touch each other,
 * and a fix whose result would stop parsing or lose a comment is refused rather than applied.
 */
import { Lexer, parseDocument } from 'yaml';
import { applyEdits } from '../apply';
import { duplicateKeys } from '../compose/duplicateKeys';
import type { Fix, TextEdit } from '../rule';

export type FileKind = 'compose' | 'dockerfile';

/** The line ending a file mostly uses (CRLF files get CRLF inserts). */
export function lineEndingOf(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0 && crlf + lf < 1000; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Inserted text with the file's line endings (rules write `\n`). */
export function withLineEnding(newText: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? newText : newText.replace(/\r?\n/g, '\r\n');
}

/** Comments of a file, as a multiset (text → count); a fix may add comments but never drop one. */
export function commentsOf(text: string, kind: FileKind): Map<string, number> {
  const out = new Map<string, number>();
  const add = (c: string) => out.set(c, (out.get(c) ?? 0) + 1);
  if (kind === 'compose') {
    for (const token of new Lexer().lex(text)) if (token.charCodeAt(0) === 35 /* # */) add(token.trimEnd());
  } else {
    for (const line of text.split(/\r?\n/)) if (/^\s*#/.test(line)) add(line.trim());
  }
  return out;
}

// uniqueKeys false: yaml's own check is quadratic; duplicateKeys finds the same keys in linear time.
const YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: false, logLevel: 'error' } as const;

/** YAML errors of a text (syntax, duplicate keys); a Dockerfile has no syntax a text edit can break here. */
export function parseErrorCount(text: string, kind: FileKind): number {
  if (kind !== 'compose') return 0;
  // Compose's own tags (!reset, !override) are not errors: only count what yaml itself rejects.
  const doc = parseDocument(text, YAML_OPTIONS);
  return doc.errors.filter((e) => e.code !== 'TAG_RESOLVE_FAILED').length + duplicateKeys(doc.contents).length;
}

/** The text every fix of one analysis starts from is the same: its facts are computed once. */
const recent: { text: string; kind: FileKind; errors: number; comments: Map<string, number> }[] = [];
function factsOf(text: string, kind: FileKind): { errors: number; comments: Map<string, number> } {
  const hit = recent.find((r) => r.kind === kind && r.text === text);
  if (hit) return hit;
  const facts = { text, kind, errors: parseErrorCount(text, kind), comments: commentsOf(text, kind) };
  recent.unshift(facts);
  recent.length = Math.min(recent.length, 4);
  return facts;
}

/**
 * Why `after` is not a safe result of editing `before`, or undefined when it is. A comment may only
 * go with the content it trails on a line the edits remove (`- SYS_ADMIN # needed?`); a comment on a
 * line of its own, or after content that stays, must survive.
 */
export function damage(before: string, after: string, kind: FileKind, edits: readonly Pick<TextEdit, 'range'>[] = []): string | undefined {
  const was = factsOf(before, kind);
  if (parseErrorCount(after, kind) > was.errors) return 'the result would not parse';
  const kept = commentsOf(after, kind);
  const owned = new Map<string, number>();
  for (const e of edits) {
    for (const line of before.slice(e.range.start, e.range.end).split(/\r?\n/)) {
      const m = line.match(/^(\s*[^\s#].*?\s)(#.*)$/);
      if (m) owned.set(m[2].trimEnd(), (owned.get(m[2].trimEnd()) ?? 0) + 1);
    }
  }
  for (const [comment, n] of was.comments) {
    if ((kept.get(comment) ?? 0) + (owned.get(comment) ?? 0) < n) return `the comment "${comment.slice(0, 40)}" would be lost`;
  }
  return undefined;
}

/**
 * The fix as it may be applied: newText in each file's line endings, or undefined when its edits
 * overlap each other or its result would break a file it touches. `textOf` gives a file's current text.
 */
export function vetFix(fix: Fix | undefined, textOf: (file: string) => string | undefined, kind: FileKind): Fix | undefined {
  return adaptFix(fix, textOf, kind, true);
}

/** The fix in each file's line endings, same-point inserts joined; undefined when its edits overlap. Checked only with `vet`. */
export function adaptFix(fix: Fix | undefined, textOf: (file: string) => string | undefined, kind: FileKind, vet = false): Fix | undefined {
  if (!fix) return undefined;
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const edits: TextEdit[] = [];
  for (const [file, own] of byFile) {
    const text = textOf(file);
    if (text === undefined || own.some((e) => e.range.start < 0 || e.range.end > text.length || e.range.start > e.range.end)) return undefined;
    const merged = joinPointInserts(own, 'deepestFirst');
    if (overlapping(merged)) return undefined;
    const eol = lineEndingOf(text);
    const adapted = merged.map((e) => ({ ...e, newText: withLineEnding(e.newText, eol) }));
    if (vet && damageAround(text, adapted, kind)) return undefined;
    edits.push(...adapted);
  }
  return { ...fix, edits };
}

/**
 * Point inserts at one offset of one file become one edit: editors and applyEdits disagree on the
 * order of same-point inserts, so nothing may rely on it. `given` keeps the array order (fixes in the
 * order they were taken); `deepestFirst` puts the deeper block first, for one fix whose inserts land
 * at the end of a service's last line, which is also the end of its last nested block (`tmpfs:`
 * items, then `read_only:`): else the shallower key would adopt the deeper lines.
 */
export function joinPointInserts(edits: readonly (TextEdit | undefined)[], order: 'given' | 'deepestFirst' = 'given'): TextEdit[] {
  const out: TextEdit[] = [];
  const points = new Map<string, TextEdit[]>();
  for (const e of edits) {
    if (!e) continue;
    if (e.range.start !== e.range.end) {
      out.push(e);
      continue;
    }
    const key = `${e.file}\0${e.range.start}`;
    const group = points.get(key);
    if (group) group.push(e);
    else {
      points.set(key, [e]);
      out.push(e); // placeholder, replaced by the joined edit below (keeps the first insert's position)
    }
  }
  return out.map((e) => {
    const group = e.range.start === e.range.end ? points.get(`${e.file}\0${e.range.start}`) : undefined;
    if (!group) return e;
    const ordered = order === 'given' ? group : group.map((g, i) => ({ g, i, depth: insertDepth(g.newText) })).sort((a, b) => b.depth - a.depth || a.i - b.i).map((o) => o.g);
    return { ...group[0], range: { ...group[0].range }, newText: ordered.map((g) => g.newText).join('') };
  });
}

/** Indentation of the first inserted line (block inserts start with a newline); flow inserts have no depth. */
function insertDepth(text: string): number {
  const m = text.match(/^\r?\n([ ]*)\S/);
  return m ? m[1].length : -1;
}

/** Two edits of one fix overlap (point inserts at one offset count as overlapping: their order is undefined). */
function overlapping(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].range.start < sorted[i - 1].range.end || sorted[i].range.start === sorted[i - 1].range.start) return true;
  return false;
}

/**
 * Whether two edits of different fixes may go into one round. They may not when they overlap,
 * touch, or are separated by nothing but whitespace: both then act on the same spot (the end of
 * a service that ends the file, the end of the file), and each was computed without the other.
 */
export function editsInteract(text: string, a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  const [first, second] = a.range.start <= b.range.start ? [a, b] : [b, a];
  if (second.range.start <= first.range.end) return true;
  return /^\s*$/.test(text.slice(first.range.end, second.range.start));
}

/**
 * damage(), judged on the smallest enclosing YAML block(s) of the edits instead of the whole file:
 * a quick fix on a 2 MB file must not parse 2 MB per lightbulb entry. A block that does not parse on
 * its own, or any doubt, falls back to the whole file, so the answer is never laxer than damage().
 */
export function damageAround(text: string, edits: readonly TextEdit[], kind: FileKind): string | undefined {
  if (kind !== 'compose' || text.length < 16 * 1024) return damage(text, applyEdits(text, edits), kind, edits);
  const regions: { start: number; end: number; edits: TextEdit[] }[] = [];
  for (const e of [...edits].sort((a, b) => a.range.start - b.range.start)) {
    const r = enclosingBlock(text, e.range.start, e.range.end, insertedIndent(e.newText));
    if (!r) return damage(text, applyEdits(text, edits), kind, edits);
    const last = regions[regions.length - 1];
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.edits.push(e);
    } else regions.push({ ...r, edits: [e] });
  }
  for (const r of regions) {
    const before = text.slice(r.start, r.end);
    const shifted = r.edits.map((e) => ({ ...e, range: { start: e.range.start - r.start, end: e.range.end - r.start } }));
    const after = applyEdits(before, shifted);
    if (parseErrorCount(before, kind) > 0 || damage(before, after, kind, shifted)) return damage(text, applyEdits(text, edits), kind, edits);
  }
  return undefined;
}

/** The least indentation of the lines an edit starts (after a newline in its text): its block must be shallower. */
function insertedIndent(newText: string): number {
  let least = Infinity;
  for (const m of newText.matchAll(/\n( *)(?=[^ \r\n])/g)) least = Math.min(least, m[1].length);
  return least;
}

/** Indentation of a line, or -1 for a blank or comment-only line (they belong to any block). */
function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i >= end || text[i] === '#' || text[i] === '\r') return -1;
  return i - start;
}

/**
 * The smallest run of whole lines around [lo, hi] that is a YAML block of its own: a head line and
 * every following line indented deeper (or a `- ` item at the head's own indentation, under a key).
 * Undefined when only the whole file would do. Its head is shallower than `within` (the least
 * indentation of the lines the edit inserts).
 */
function enclosingBlock(text: string, lo: number, hi: number, within = Infinity): { start: number; end: number } | undefined {
  let lineStart = text.lastIndexOf('\n', lo - 1) + 1;
  let bound = Infinity;
  while (lineStart >= 0) {
    const lineEnd = text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart);
    const indent = indentOf(text, lineStart, lineEnd);
    if (indent >= 0 && indent < bound && indent < within) {
      bound = indent;
      if (indent === 0) return undefined;
      const end = blockEnd(text, lineEnd, indent, text[lineStart + indent] === '-');
      // Strictly after hi: an edit that reaches the start of the next line joins the two lines.
      if ((end > hi || end === text.length) && end > lineEnd) return { start: lineStart, end };
    }
    if (lineStart === 0) return undefined;
    lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return undefined;
}

function blockEnd(text: string, from: number, indent: number, headIsItem: boolean): number {
  let lineStart = from + 1;
  while (lineStart < text.length) {
    const next = text.indexOf('\n', lineStart);
    const lineEnd = next === -1 ? text.length : next;
    const i = indentOf(text, lineStart, lineEnd);
    if (i >= 0 && (i < indent || (i === indent && (headIsItem || text[lineStart + i] !== '-')))) return lineStart;
    if (next === -1) return text.length;
    lineStart = next + 1;
  }
  return text.length;
}
