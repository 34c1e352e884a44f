/** Engine findings/fixes ↔ LSP shapes. */
import { createHash } from 'node:crypto';
import { CodeAction, CodeActionKind, CreateFile, Diagnostic, DiagnosticSeverity, DiagnosticTag, TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
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
 * What a diagnostic carries to find its finding again. Findings inherited through `<<: *anchor`
 * share a range (and a rule): the key (message and rule data) tells them apart, so a quick fix is
 * always the fix of the diagnostic it is offered for.
 */
export interface DiagnosticData {
  ruleId: string;
  start: number;
  end: number;
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

export function matchesDiagnostic(f: Finding, data: DiagnosticData): boolean {
  return f.ruleId === data.ruleId && f.range.start === data.start && f.range.end === data.end && findingKey(f) === data.key;
}

export function toDiagnostic(doc: TextDocument, f: Finding, docsUri: string | undefined, openDocs: (path: string) => TextDocument | undefined): Diagnostic {
  const diag: Diagnostic = {
    range: { start: doc.positionAt(f.range.start), end: doc.positionAt(Math.max(f.range.end, f.range.start)) },
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
    data: { ruleId: f.ruleId, start: f.range.start, end: f.range.end, key: findingKey(f) } satisfies DiagnosticData,
  };
  if (docsUri) diag.codeDescription = { href: `${docsUri}#${f.ruleId}` };
  if (ruleMeta(f.ruleId)?.unnecessary) diag.tags = [DiagnosticTag.Unnecessary];
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

function offsetToPosition(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
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
