/**
 * Diagnostics of open documents: when to check (the debounce) and what to publish (findings,
 * or the problems of a `.ai-stack.json`). The analysis itself comes from the server context.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, knownRules, configProblemMessage, parseConfig } from '../engine';
import type { ServerContext } from './context';
import { sharingRange, SOURCE, toDiagnostic } from './convert';
import { URI } from './uri';

const CHANGE_DEBOUNCE_MS = 150;
/** After an edit or a check of an open document, background work waits this long: it resumes once the user pauses typing. */
const EDITOR_QUIET_MS = 1000;

export class DocumentDiagnostics {
  /** Pending checks per document; cancel() drops one. */
  readonly timers = new Map<string, { cancel(): void }>();

  constructor(
    private readonly ctx: ServerContext,
    /** Called after each publish (the heap trimmer). */
    private readonly afterPublish: () => void,
  ) {}

  private lastActivity = -Infinity;

  /** True while a check of an open document is waiting: background work gives way to it. */
  get pending(): boolean {
    return this.timers.size > 0;
  }

  /** True while the user is typing: a check is waiting, or one was asked for or published moments ago. */
  get busy(): boolean {
    return this.pending || performance.now() - this.lastActivity < EDITOR_QUIET_MS;
  }

  /**
   * Checks on the next tick when the document was quiet, and debounces while edits keep coming:
   * a single edit is answered at once, a burst of keystrokes is checked once at its end.
   */
  schedule(doc: TextDocument, delay?: number): void {
    this.lastActivity = performance.now();
    const pending = this.timers.has(doc.uri);
    delay ??= pending ? CHANGE_DEBOUNCE_MS : 0;
    this.timers.get(doc.uri)?.cancel();
    const run = () => {
      this.timers.delete(doc.uri);
      this.validate(doc.uri);
    };
    // setTimeout(0) waits at least 1 ms; a quiet document is checked on the next turn of the loop instead.
    if (delay > 0) {
      const timer = setTimeout(run, delay);
      this.timers.set(doc.uri, { cancel: () => clearTimeout(timer) });
    } else {
      // Two turns, so that a change already queued behind this one is read first and joins the burst.
      let immediate = setImmediate(() => (immediate = setImmediate(run)));
      this.timers.set(doc.uri, { cancel: () => clearImmediate(immediate) });
    }
  }

  cancel(uri: string): void {
    this.timers.get(uri)?.cancel();
    this.timers.delete(uri);
  }

  /** Publishes diagnostics for the latest version only: a result computed for an older version is dropped. */
  validate(uri: string): void {
    const { ctx } = this;
    const doc = ctx.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = ctx.kindOf(doc) === 'config' ? configDiagnostics(doc) : findingDiagnostics(ctx, doc, ctx.analysisFor(doc));
    } catch (e) {
      ctx.connection.console.error(`ai-stack: checking ${uri} failed: ${(e as Error).stack ?? e}`);
      diagnostics = [checkFailed(e)];
    }
    if (ctx.documents.get(uri)?.version !== version) return;
    void ctx.connection.sendDiagnostics({ uri, version, diagnostics });
    this.lastActivity = performance.now();
    this.afterPublish();
  }
}

/** Never an empty list (a falsely clean file): one warning saying the check failed. */
export function checkFailed(e: unknown): Diagnostic {
  const message = `This file could not be checked (${(e as Error).message}); no other finding is reported for it.`;
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity: DiagnosticSeverity.Warning, source: SOURCE, code: 'internal-error', message };
}

/** The findings of `analysis` that belong to the document itself, as diagnostics. */
export function findingDiagnostics(ctx: ServerContext, doc: TextDocument, analysis: Analysis | undefined): Diagnostic[] {
  if (!analysis) return [];
  const filePath = URI.toPath(doc.uri);
  const open = (p: string) => ctx.documents.get(URI.fromPath(p));
  const own = analysis.findings.filter((f) => f.file === filePath || f.file === doc.uri);
  const shared = sharingRange(own);
  return own.map((f) => toDiagnostic(doc, f, ctx.docsUri, open, shared.has(f)));
}

function configDiagnostics(doc: TextDocument): Diagnostic[] {
  const { problems } = parseConfig(doc.getText());
  const tree = parseTree(doc.getText());
  const ids = new Set(knownRules().map((r) => r.id));
  // One diagnostic (at the first bad value) naming every problem: the CLI prints the same message.
  const out: Diagnostic[] = problems.slice(0, 1).map((p) => {
    const node = tree && p.path.length ? findNodeAtLocation(tree, p.path) ?? tree : tree;
    const start = node?.offset ?? 0;
    return { range: { start: doc.positionAt(start), end: doc.positionAt(start + (node?.length ?? 1)) }, severity: DiagnosticSeverity.Error, source: SOURCE, message: configProblemMessage(problems) };
  });
  const rules = tree && findNodeAtLocation(tree, ['rules']);
  for (const prop of rules?.children ?? []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string' && !ids.has(key.value)) {
      out.push({ range: { start: doc.positionAt(key.offset), end: doc.positionAt(key.offset + key.length) }, severity: DiagnosticSeverity.Warning, source: SOURCE, message: `Unknown rule id "${key.value}".` });
    }
  }
  return out;
}
