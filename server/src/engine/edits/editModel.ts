/**
 * The one gate every fix passes before it reaches a file (quick fix, fix-all, CLI --fix):
 * inserted text takes the file's line endings, edits of one round must not touch each other,
 * and a fix whose result would stop parsing or lose a comment is refused rather than applied.
 */
import { Lexer, parseDocument } from 'yaml';
import { applyEdits } from '../apply';
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

const YAML_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: false, strict: false } as const;

/** YAML errors of a text (syntax, duplicate keys); a Dockerfile has no syntax a text edit can break here. */
export function parseErrorCount(text: string, kind: FileKind): number {
  if (kind !== 'compose') return 0;
  // Compose's own tags (!reset, !override) are not errors: only count what yaml itself rejects.
  return parseDocument(text, YAML_OPTIONS).errors.filter((e) => e.code !== 'TAG_RESOLVE_FAILED').length;
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
  if (!fix) return undefined;
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const edits: TextEdit[] = [];
  for (const [file, own] of byFile) {
    const text = textOf(file);
    if (text === undefined || own.some((e) => e.range.start < 0 || e.range.end > text.length || e.range.start > e.range.end)) return undefined;
    const merged = joinPointInserts(own);
    if (overlapping(merged)) return undefined;
    const eol = lineEndingOf(text);
    const adapted = merged.map((e) => ({ ...e, newText: withLineEnding(e.newText, eol) }));
    if (damage(text, applyEdits(text, adapted), kind, adapted)) return undefined;
    edits.push(...adapted);
  }
  return { ...fix, edits };
}

/**
 * A fix may insert at one point twice: the end of a service's last line is also the end of its last
 * nested block (`tmpfs:` items, then `read_only:`). Editors apply same-point inserts in an order of
 * their own, so they become one edit, the deeper block first (else the shallower key would adopt it).
 */
function joinPointInserts(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  const points = new Map<number, TextEdit[]>();
  for (const e of edits) {
    if (e.range.start !== e.range.end) out.push(e);
    else points.set(e.range.start, [...(points.get(e.range.start) ?? []), e]);
  }
  for (const group of points.values()) {
    const ordered = group.map((e, i) => ({ e, i, depth: insertDepth(e.newText) })).sort((a, b) => b.depth - a.depth || a.i - b.i);
    out.push({ ...group[0], range: { ...group[0].range }, newText: ordered.map((o) => o.e.newText).join('') });
  }
  return out;
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
