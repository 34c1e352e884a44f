/** Engine findings/fixes ↔ LSP shapes. */
import { createHash } from 'node:crypto';
import { CodeAction, CodeActionKind, CreateFile, Diagnostic, DiagnosticSeverity, DiagnosticTag, TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { ruleById } from '../engine';
import type { Finding, Fix, RuleMeta, Severity } from '../engine';

export const SOURCE = 'ai-stack';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a diagnostic carries to find its finding again, besides its rule (`code`), range and message:
 * when another finding of the same rule has the same range (findings inherited through `<<: *anchor`
 * share one), a key of its message and data, so a quick fix is always the fix of the diagnostic it is
 * offered for. Diagnostics of other findings carry no data (a big file publishes thousands).
 */
export interface DiagnosticData {
  key: string;
}

/** A finding's identity within its rule and range: a digest of its message and data (which may hold values not to be sent as they are). */
export function findingKey(f: Pick<Finding, 'message' | 'data'>): string {
  return createHash('sha1')
    .update(f.message)
    .update('\0')
    .update(f.data === undefined ? '' : JSON.stringify(f.data))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * The findings that share their rule and range with another one of the list: only these need a key
 * (a digest costs more than the rest of a diagnostic, and a big file publishes thousands).
 */
export function sharingRange(findings: readonly Finding[]): Set<Finding> {
  const shared = new Set<Finding>();
  const byStart = new Map<number, Finding | Finding[]>();
  for (const f of findings) {
    const seen = byStart.get(f.range.start);
    if (seen === undefined) {
      byStart.set(f.range.start, f);
      continue;
    }
    const list = Array.isArray(seen) ? seen : [seen];
    for (const g of list) {
      if (g.ruleId === f.ruleId && g.range.end === f.range.end && g.file === f.file) {
        shared.add(g);
        shared.add(f);
      }
    }
    list.push(f);
    if (list !== seen) byStart.set(f.range.start, list);
  }
  return shared;
}

/**
 * Whether a diagnostic was made from this finding: same rule, offsets and message, and same key when
 * it has one. `at`: the diagnostic's range as offsets of the document it was published for.
 */
export function matchesDiagnostic(f: Finding, diagnostic: Pick<Diagnostic, 'code' | 'message'>, at: { start: number; end: number }, key: string | undefined): boolean {
  if (f.ruleId !== diagnostic.code || f.range.start !== at.start || Math.max(f.range.end, f.range.start) !== at.end || f.message !== diagnostic.message) return false;
  return key === undefined || findingKey(f) === key;
}

/** Parts every diagnostic of a rule shares (one object each, not one per diagnostic: a big file publishes thousands). */
const descriptions = new Map<string, { href: string }>();
const UNNECESSARY = [DiagnosticTag.Unnecessary];

let descriptionsOf: string | undefined;

function description(docsUri: string, ruleId: string): { href: string } {
  if (descriptionsOf !== docsUri) {
    descriptions.clear();
    descriptionsOf = docsUri;
  }
  let d = descriptions.get(ruleId);
  if (!d) descriptions.set(ruleId, (d = { href: `${docsUri}#${ruleId}` }));
  return d;
}

/** A finding as a diagnostic; `keyed`: it shares its rule and range with another finding (sharingRange). */
export function toDiagnostic(doc: TextDocument, f: Finding, docsUri: string | undefined, openDocs: (path: string) => TextDocument | undefined, keyed = true): Diagnostic {
  const diag: Diagnostic = {
    range: { start: doc.positionAt(f.range.start), end: doc.positionAt(Math.max(f.range.end, f.range.start)) },
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
  };
  if (keyed) diag.data = { key: findingKey(f) } satisfies DiagnosticData;
  if (docsUri) diag.codeDescription = description(docsUri, f.ruleId);
  if (ruleMeta(f.ruleId)?.unnecessary) diag.tags = UNNECESSARY;
  if (f.related?.length) {
    diag.relatedInformation = f.related.map((r) => {
      const other = r.file === f.file ? doc : openDocs(r.file);
      const pos = other ? { start: other.positionAt(r.range.start), end: other.positionAt(r.range.end) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { location: { uri: r.file === f.file ? doc.uri : URI.fromPath(r.file), range: pos }, message: r.message };
    });
  }
  return diag;
}

/** Edits of a fix as a WorkspaceEdit; edits in other files use the open document when there is one. */
export function toWorkspaceEdit(fix: Fix, docFor: (path: string) => { uri: string; doc?: TextDocument; text: string }): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const target = docFor(e.file);
    const pos = (o: number) => (target.doc ? target.doc.positionAt(o) : offsetToPosition(target.text, o));
    (changes[target.uri] ??= []).push({ range: { start: pos(e.range.start), end: pos(e.range.end) }, newText: e.newText });
  }
  return { changes };
}

/** What a document edit needs of its target file: the open document, or the disk text (undefined: no such file yet). */
export interface EditTarget {
  uri: string;
  doc?: TextDocument;
  text: string | undefined;
}

/**
 * Edits of a fix as document changes, in the order of their files: a file that does not exist yet
 * is created first, an open document's edit names its version (so a stale edit is refused).
 */
export function toDocumentChanges(fix: Fix, targetFor: (path: string) => EditTarget): WorkspaceEdit {
  const creates: CreateFile[] = [];
  const byFile = new Map<string, TextDocumentEdit>();
  for (const e of fix.edits) {
    const target = targetFor(e.file);
    let change = byFile.get(target.uri);
    if (!change) {
      if (!target.doc && target.text === undefined) creates.push({ kind: 'create', uri: target.uri, options: { ignoreIfExists: true } });
      change = { textDocument: { uri: target.uri, version: target.doc?.version ?? null }, edits: [] };
      byFile.set(target.uri, change);
    }
    const pos = (o: number) => (target.doc ? target.doc.positionAt(o) : offsetToPosition(target.text ?? '', o));
    change.edits.push({ range: { start: pos(e.range.start), end: pos(e.range.end) }, newText: e.newText });
  }
  return { documentChanges: [...creates, ...byFile.values()] };
}

/** A rule's metadata by id. */
export function ruleMeta(id: string): RuleMeta | undefined {
  return ruleById(id);
}

/** A position in a file that is not open, counted as the editor counts: `\n`, `\r\n` and a bare `\r` each end a line (counting only `\n` put edits after a bare CR on the wrong line). */
function offsetToPosition(text: string, offset: number) {
  return TextDocument.create('file:///', 'plaintext', 0, text).positionAt(offset);
}

export function toCodeAction(fix: Fix, kind: CodeActionKind, edit: WorkspaceEdit, diagnostic?: Diagnostic, preferred = false): CodeAction {
  return { title: fix.title, kind, edit, diagnostics: diagnostic ? [diagnostic] : undefined, isPreferred: preferred || undefined };
}

/** One edit that turns `before` into `after`, touching only the changed middle (keeps cursors and folding stable). */
export function minimalEdit(doc: TextDocument, before: string, after: string): LspTextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endBefore) }, newText: after.slice(start, endAfter) };
}
