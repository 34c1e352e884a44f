/**
 * Code actions: each finding's fix, the alternative fixes its rule provides, the ignore actions
 * (folded into one entry when there are many), and "Fix all" (its edit computed on resolve).
 */
import path from 'node:path';
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules, Analysis, fileKind, Finding, fixAllText, FixAllResult } from '../engine';
import type { ServerContext } from './context';
import { DiagnosticData, matchesDiagnostic, minimalEdit, ruleMeta, SOURCE, toCodeAction, toDocumentChanges, toWorkspaceEdit } from './convert';
import { URI } from './uri';
import { innermostFolder } from '../engine/paths';

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.ai-stack';
export const FIX_ALL_TITLE = 'Fix all ai-stack problems';
/** What the "Fix all" code action carries until codeAction/resolve computes its edit. */
export interface FixAllData {
  uri: string;
  version: number;
}

/** More ignore actions than this become one "Ignore…" entry that lets the user pick (client command). */
export const MAX_INLINE_IGNORES = 2;
export const CHOOSE_IGNORE_COMMAND = 'aiStack.chooseIgnore';

export class CodeActions {
  /** The last "Fix all" result per document (a save and the command may resolve the same version twice). */
  readonly fixAllResults = new Map<string, { version: number; result: FixAllResult }>();

  constructor(private readonly ctx: ServerContext) {}

  forget(uri: string): void {
    this.fixAllResults.delete(uri);
  }

  clear(): void {
    this.fixAllResults.clear();
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const { ctx } = this;
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const analysis = ctx.analysisFor(doc);
    if (!analysis) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];
    let anyOurs = false;
    if (wants(CodeActionKind.QuickFix)) {
      // Fixes first; the ignore actions after them, folded into one entry when there are many
      // (a service row with a dozen findings would otherwise list two dozen "Ignore …" lines).
      const ignores: CodeAction[] = [];
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== SOURCE) continue;
        const finding = findingFor(analysis, doc, diagnostic);
        if (!finding) continue;
        anyOurs = true;
        const fix = analysis.fix(finding);
        if (fix) actions.push(toCodeAction(fix, CodeActionKind.QuickFix, toWorkspaceEdit(fix, (p) => ctx.docFor(p)), diagnostic, true));
        actions.push(...this.alternatives(doc, finding, diagnostic));
        for (const s of analysis.suppressions(finding)) ignores.push(toCodeAction(s, CodeActionKind.QuickFix, toWorkspaceEdit(s, (p) => ctx.docFor(p)), diagnostic));
      }
      actions.push(...groupIgnores(ignores));
    }
    const fixAllWanted = only ? only.some((o) => FIX_ALL_KIND.startsWith(o)) : anyOurs;
    if (fixAllWanted) {
      const action = this.fixAllAction(doc, analysis);
      if (action) actions.push(action);
    }
    return actions;
  }

  /** Fixes the finding's rule offers besides its own fix (they may write other files of the workspace). */
  private alternatives(doc: TextDocument, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
    const provide = ruleMeta(finding.ruleId)?.alternativeFixes;
    if (!provide) return [];
    const { ctx } = this;
    const filePath = URI.toPath(doc.uri);
    const folder = innermostFolder(ctx.folders, filePath) ?? path.dirname(filePath);
    const fixes = provide(finding, { text: doc.getText(), workspaceFolder: folder, readFile: (p) => ctx.readText(p) });
    return fixes.map((fix) =>
      toCodeAction(fix, CodeActionKind.QuickFix, toDocumentChanges(fix, (p) => {
        const uri = URI.fromPath(p);
        const open = ctx.documents.get(uri);
        return { uri, doc: open, text: open ? open.getText() : ctx.readText(p) };
      }), diagnostic),
    );
  }

  /**
   * "Fix all", without its edit: fixing a big file takes many analyses, so the edit is computed only
   * when the action is chosen (codeAction/resolve). Offered when a finding of the file comes from a
   * rule that has fixes (computing each fix to see whether it is safe would cost as much as the edit).
   */
  fixAllAction(doc: TextDocument, analysis = this.ctx.analysisFor(doc)): CodeAction | undefined {
    const kind = this.ctx.kindOf(doc);
    if (kind !== 'compose' && kind !== 'dockerfile') return undefined;
    const filePath = URI.toPath(doc.uri);
    const fixing = new Set(allRules().filter((r) => typeof (r as { fix?: unknown }).fix === 'function').map((r) => r.id));
    if (!analysis?.findings.some((f) => (f.file === filePath || f.file === doc.uri) && fixing.has(f.ruleId))) return undefined;
    return { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { uri: doc.uri, version: doc.version } satisfies FixAllData };
  }

  /** Fills in the edit of a "Fix all" action for the document as it is now (it may have changed since the action was offered). */
  resolveCodeAction(action: CodeAction): CodeAction {
    const data = action.data as Partial<FixAllData> | undefined;
    if (action.kind !== FIX_ALL_KIND || typeof data?.uri !== 'string') return action;
    const doc = this.ctx.documents.get(data.uri);
    if (!doc) return action;
    const result = this.fixAll(doc);
    if (!result) return action;
    const before = doc.getText();
    if (result.text === before) return action;
    return { ...action, edit: { changes: { [doc.uri]: [minimalEdit(doc, before, result.text)] } } };
  }

  /**
   * Every safe fix of the document (fixAllText), for the kind the diagnostics use: the language of the
   * open document decides, not only the file name (a `dockercompose` document named stack.yml is compose).
   */
  fixAll(doc: TextDocument): FixAllResult | undefined {
    const hit = this.fixAllResults.get(doc.uri);
    if (hit?.version === doc.version) return hit.result;
    const kind = this.ctx.kindOf(doc);
    if (kind !== 'compose' && kind !== 'dockerfile') return undefined;
    const filePath = URI.toPath(doc.uri);
    const options = this.ctx.optionsFor(filePath);
    let result: FixAllResult;
    if (fileKind(filePath, options.composePatterns) === kind) result = fixAllText(filePath, doc.getText(), options);
    else if (kind === 'compose') {
      // fixAllText decides the kind from the name: a pattern that matches exactly this name (glob characters as '?').
      result = fixAllText(filePath, doc.getText(), { ...options, composePatterns: [path.basename(filePath).replace(/[\\*?[\]{}()!+@|^$]/g, '?')] });
    } else {
      // A Dockerfile by language only: fix it under a Dockerfile name in the same folder (the fixes edit this one text).
      const stand = path.join(path.dirname(filePath), 'Dockerfile');
      result = fixAllText(stand, doc.getText(), { ...options, composePatterns: [] });
    }
    this.fixAllResults.set(doc.uri, { version: doc.version, result });
    return result;
  }
}

/**
 * The finding a diagnostic was made from: by rule, range and message, and by key when findings share
 * them (inherited findings share ranges); never by range alone. Undefined when that names no single
 * finding. `doc`: the document the analysis is of (a diagnostic's range is read as its offsets).
 */
export function findingFor(analysis: Analysis, doc: TextDocument, diagnostic: Diagnostic): Finding | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  const key = data?.key;
  if (key !== undefined && typeof key !== 'string') return undefined;
  const at = { start: doc.offsetAt(diagnostic.range.start), end: doc.offsetAt(diagnostic.range.end) };
  const found = analysis.findings.filter((f) => matchesDiagnostic(f, diagnostic, at, key));
  // With a key, equal candidates are the same finding reported twice; without one, several are ambiguous.
  return found.length === 1 || key !== undefined ? found[0] : undefined;
}

export function groupIgnores(ignores: CodeAction[]): CodeAction[] {
  if (ignores.length <= MAX_INLINE_IGNORES) return ignores;
  const choices = ignores.map((a) => ({ title: a.title, edit: a.edit }));
  const title = `Ignore a finding here… (${ignores.length} choices)`;
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: ignores.flatMap((a) => a.diagnostics ?? []), command: { title, command: CHOOSE_IGNORE_COMMAND, arguments: [choices] } }];
}
