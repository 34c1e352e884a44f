/**
 * The language server: an adapter from LSP to the rule engine. It owns document state,
 * settings and scheduling; every check, fix and suppression comes from server/src/engine.
 */
import path from 'node:path';
import fs from 'node:fs';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  Hover,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules, analyze, Analysis, AnalyzeOptions, CONFIG_FILE, configProblemMessage, fileKind, Finding, fixAllText, FixAllResult, isDevelopmentPath, isIgnoredByConfig, mergeSeverities, parseConfig } from '../engine';
import { matchesDiagnostic, minimalEdit, SOURCE, toCodeAction, toDiagnostic, toWorkspaceEdit, DiagnosticData } from './convert';
import { DEFAULT_SETTINGS, normalizeSettings, ServerSettings } from './settings';
import { diskScriptScan } from '../cli/targetScripts';
import { chooseTarget } from '../engine/rules/compose/swarm/detectTarget';
import { cachedDiskReader } from './diskReader';
import { HeapTrimmer } from './heapTrimmer';
import { URI } from './uri';
import { WorkspaceConfigs } from './workspaceConfig';
import { moveMigrationAction } from './moveMigrationAction';
import { PROJECT_CAPABILITIES, projectFeature, ProjectFeatureHandle } from './projectFeatures';

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.ai-stack';
export const FIX_ALL_TITLE = 'Fix all ai-stack problems';
/** What the "Fix all" code action carries until codeAction/resolve computes its edit. */
export interface FixAllData {
  uri: string;
  version: number;
}
const CHANGE_DEBOUNCE_MS = 150;

export type DocumentKind = 'compose' | 'dockerfile' | 'config';

/** Adds markdown to hovers (the project feature contributes effective values and origins). */
export type HoverContributor = (doc: TextDocument, offset: number) => string | undefined;

/**
 * How a compose document is analyzed. The default checks the file alone; the multi-file project
 * feature replaces it to judge services as Docker Compose merges them.
 */
export type ComposeAnalysis = (doc: TextDocument, filePath: string, options: AnalyzeOptions) => Analysis | undefined;

export class AiStackServer {
  readonly documents = new TextDocuments(TextDocument);
  settings: ServerSettings = DEFAULT_SETTINGS;
  readonly hoverContributors: HoverContributor[] = [];
  composeAnalysis: ComposeAnalysis = (doc, filePath, options) => analyze(filePath, doc.getText(), options, 'compose');
  readonly configs = new WorkspaceConfigs();
  private readonly results = new Map<string, { version: number; analysis: Analysis }>();
  /** The last "Fix all" result per document (a save and the command may resolve the same version twice). */
  private readonly fixAllResults = new Map<string, { version: number; result: FixAllResult }>();
  private readonly heap = new HeapTrimmer();
  private readonly fromDisk = cachedDiskReader();
  /** Pending checks per document; cancel() drops one. */
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly docsUri: string | undefined;
  private pullSettings = false;
  project: ProjectFeatureHandle | undefined;
  /** Workspace folder paths (for files such as .vscode/tasks.json). */
  folders: string[] = [];
  /** Deploy scripts of the workspace (target detection); forgotten on recheckAll. */
  private readonly scripts = diskScriptScan();

  constructor(readonly connection: Connection) {
    const docs = path.resolve(__dirname, '..', 'docs', 'rules.md');
    this.docsUri = fs.existsSync(docs) ? URI.fromPath(docs) : undefined;
  }

  kindOf(doc: TextDocument): DocumentKind | undefined {
    const filePath = URI.toPath(doc.uri);
    if (path.basename(filePath) === CONFIG_FILE) return 'config';
    if (doc.languageId === 'dockercompose') return 'compose';
    if (doc.languageId === 'dockerfile') return 'dockerfile';
    return fileKind(filePath, this.settings.composeFilePatterns);
  }

  optionsFor(filePath: string): AnalyzeOptions {
    const loaded = this.configs.forFile(filePath);
    const base = path.basename(filePath);
    const devPatterns = loaded.config.developmentFiles ?? this.settings.developmentFiles;
    return {
      severities: mergeSeverities(loaded.config.rules, this.settings.rules),
      development: isDevelopmentPath(base, devPatterns),
      composePatterns: this.settings.composeFilePatterns,
      target: chooseTarget(this.settings.target, loaded.config.target, () => this.scripts.evidence(filePath, this.folderOf(filePath) ?? (loaded.file ? path.dirname(loaded.file) : path.dirname(filePath)))),
    };
  }

  /** The workspace folder holding a file (the deepest one), if any. */
  private folderOf(filePath: string): string | undefined {
    return this.folders.filter((f) => filePath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** Analysis of the document's current version (cached per version). */
  analysisFor(doc: TextDocument): Analysis | undefined {
    const hit = this.results.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const kind = this.kindOf(doc);
    if (!kind || kind === 'config') return undefined;
    const filePath = URI.toPath(doc.uri);
    // `.ai-stack.json` `ignore`: no diagnostics, as the CLI reports no findings for the file.
    if (doc.uri.startsWith('file:') && isIgnoredByConfig(this.configs.forFile(filePath), filePath)) return undefined;
    const options = this.optionsFor(filePath);
    const analysis = (kind === 'compose' ? this.composeAnalysis(doc, filePath, options) : undefined) ?? analyze(filePath, doc.getText(), options, kind);
    if (analysis) this.results.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  /**
   * Checks on the next tick when the document was quiet, and debounces while edits keep coming:
   * a single edit is answered at once, a burst of keystrokes is checked once at its end.
   */
  schedule(doc: TextDocument, delay?: number): void {
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

  /** Publishes diagnostics for the latest version only: a result computed for an older version is dropped. */
  validate(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.kindOf(doc) === 'config' ? this.configDiagnostics(doc) : this.findingDiagnostics(doc);
    } catch (e) {
      this.connection.console.error(`ai-stack: checking ${uri} failed: ${(e as Error).stack ?? e}`);
      // Never an empty list (a falsely clean file): one warning saying the check failed.
      const message = `This file could not be checked (${(e as Error).message}); no other finding is reported for it.`;
      diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity: DiagnosticSeverity.Warning, source: SOURCE, code: 'internal-error', message }];
    }
    if (this.documents.get(uri)?.version !== version) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
    this.heap.afterCheck();
  }

  /**
   * Everything the server kept for a document that was closed: its pending check, analysis and fix-all
   * result, and disk texts no open document's project reads any more (the project feature releases the
   * parses and projects first). What the document held is garbage now: let the heap trimmer collect.
   */
  release(uri: string): void {
    this.timers.get(uri)?.cancel();
    this.timers.delete(uri);
    this.results.delete(uri);
    this.fixAllResults.delete(uri);
    const inUse = this.project?.release(URI.toPath(uri));
    this.fromDisk.retain((p) => !!inUse?.has(p));
    this.heap.afterRelease();
  }

  recheckAll(): void {
    this.scripts.clear();
    this.results.clear();
    this.fixAllResults.clear();
    this.configs.invalidate();
    for (const doc of this.documents.all()) this.schedule(doc, 0);
  }

  /** Re-check specific open documents (e.g. every member of a compose file set). */
  recheck(paths: readonly string[]): void {
    const wanted = new Set(paths.map((p) => URI.fromPath(p)));
    for (const doc of this.documents.all()) {
      if (!wanted.has(doc.uri)) continue;
      this.results.delete(doc.uri);
      this.fixAllResults.delete(doc.uri);
      this.schedule(doc, 0);
    }
  }

  private findingDiagnostics(doc: TextDocument): Diagnostic[] {
    const analysis = this.analysisFor(doc);
    if (!analysis) return [];
    const filePath = URI.toPath(doc.uri);
    const open = (p: string) => this.documents.get(URI.fromPath(p));
    return analysis.findings.filter((f) => f.file === filePath || f.file === doc.uri).map((f) => toDiagnostic(doc, f, this.docsUri, open));
  }

  private configDiagnostics(doc: TextDocument): Diagnostic[] {
    const { problems } = parseConfig(doc.getText());
    const tree = parseTree(doc.getText());
    const ids = new Set(allRules().map((r) => r.id));
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

  /** The finding a diagnostic was made from: by rule, range and key, never by range alone (inherited findings share ranges). */
  findingFor(analysis: Analysis, diagnostic: Diagnostic): Finding | undefined {
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data || typeof data.key !== 'string') return undefined;
    return analysis.findings.find((f) => matchesDiagnostic(f, data));
  }

  /** A file's text as the user sees it: the open document wins over the disk. */
  readText(filePath: string): string | undefined {
    return this.documents.get(URI.fromPath(filePath))?.getText() ?? this.fromDisk(filePath);
  }

  docFor(filePath: string): { uri: string; doc?: TextDocument; text: string } {
    const uri = URI.fromPath(filePath);
    const doc = this.documents.get(uri);
    return { uri, doc, text: doc?.getText() ?? this.fromDisk(filePath) ?? '' };
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const analysis = this.analysisFor(doc);
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
        const finding = this.findingFor(analysis, diagnostic);
        if (!finding) continue;
        anyOurs = true;
        const fix = analysis.fix(finding);
        if (fix) actions.push(toCodeAction(fix, CodeActionKind.QuickFix, toWorkspaceEdit(fix, (p) => this.docFor(p)), diagnostic, true));
        const move = moveMigrationAction(doc, finding, diagnostic, this.folders, (u) => this.documents.get(u)?.getText());
        if (move) actions.push(move);
        for (const s of analysis.suppressions(finding)) ignores.push(toCodeAction(s, CodeActionKind.QuickFix, toWorkspaceEdit(s, (p) => this.docFor(p)), diagnostic));
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

  /**
   * "Fix all", without its edit: fixing a big file takes many analyses, so the edit is computed only
   * when the action is chosen (codeAction/resolve). Offered when a finding of the file comes from a
   * rule that has fixes (computing each fix to see whether it is safe would cost as much as the edit).
   */
  fixAllAction(doc: TextDocument, analysis = this.analysisFor(doc)): CodeAction | undefined {
    const kind = this.kindOf(doc);
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
    const doc = this.documents.get(data.uri);
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
    const kind = this.kindOf(doc);
    if (kind !== 'compose' && kind !== 'dockerfile') return undefined;
    const filePath = URI.toPath(doc.uri);
    const options = this.optionsFor(filePath);
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

  hover(doc: TextDocument, offset: number): Hover | undefined {
    const parts: string[] = [];
    const analysis = this.analysisFor(doc);
    const filePath = URI.toPath(doc.uri);
    for (const f of analysis?.findings ?? []) {
      if (f.file !== filePath || offset < f.range.start || offset > f.range.end) continue;
      const rule = allRules().find((r) => r.id === f.ruleId);
      const link = this.docsUri ? ` · [docs](${this.docsUri}#${f.ruleId})` : '';
      parts.push(`**${f.ruleId}** (${f.severity}): ${rule?.title ?? f.message}\n\n${rule?.rationale ?? ''}${link}`);
    }
    for (const contribute of this.hoverContributors) {
      try {
        const md = contribute(doc, offset);
        if (md) parts.push(md);
      } catch (e) {
        this.connection.console.error(`ai-stack: hover failed: ${(e as Error).message}`);
      }
    }
    return parts.length ? { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } } : undefined;
  }

  async refreshSettings(): Promise<void> {
    if (!this.pullSettings) return;
    try {
      const raw = await this.connection.workspace.getConfiguration({ section: 'aiStack' });
      this.settings = normalizeSettings(raw);
    } catch {
      this.settings = DEFAULT_SETTINGS;
    }
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => {
      this.pullSettings = !!params.capabilities.workspace?.configuration;
      this.folders = (params.workspaceFolders ?? []).map((f) => URI.toPath(f.uri));
      if (!this.folders.length && params.rootUri) this.folders = [URI.toPath(params.rootUri)];
      if (params.initializationOptions && typeof params.initializationOptions === 'object') {
        this.settings = normalizeSettings((params.initializationOptions as Record<string, unknown>).aiStack ?? params.initializationOptions);
      }
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
          hoverProvider: true,
          ...PROJECT_CAPABILITIES,
        },
        serverInfo: { name: 'ai-stack-language-server' },
      };
    });
    connection.onInitialized(async () => {
      if (this.pullSettings) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aiStack' }).catch(() => undefined);
        await this.refreshSettings();
        this.recheckAll();
      }
    });
    connection.onDidChangeConfiguration(async (change) => {
      if (this.pullSettings) await this.refreshSettings();
      else if (change.settings) this.settings = normalizeSettings((change.settings as Record<string, unknown>).aiStack ?? change.settings);
      this.recheckAll();
    });
    connection.onDidChangeWatchedFiles((params) => {
      if (params.changes.some((c) => c.uri.endsWith(CONFIG_FILE))) return this.recheckAll();
      // Members of a compose file set and their `.env`: re-check exactly the open files that read them.
      for (const c of params.changes) this.project?.fileChanged(URI.toPath(c.uri));
    });
    documents.onDidOpen((e) => this.schedule(e.document, 0));
    documents.onDidChangeContent((e) => {
      if (path.basename(URI.toPath(e.document.uri)) === CONFIG_FILE) {
        this.configs.invalidate();
        this.results.clear();
        this.fixAllResults.clear();
        for (const d of documents.all()) if (d.uri !== e.document.uri) this.schedule(d);
      }
      this.schedule(e.document);
    });
    documents.onDidClose((e) => {
      this.release(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onCodeActionResolve((action) => this.resolveCodeAction(action));
    connection.onHover((params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? this.hover(doc, doc.offsetAt(params.position)) : undefined;
    });
    documents.listen(connection);
    connection.listen();
  }
}

/** Optional features (multi-file project model, hover/definition…) register here when present. */
export type ServerFeature = (server: AiStackServer) => void;
export const features: ServerFeature[] = [
  (server) => {
    server.project = projectFeature(server);
  },
];

export function startServer(connection: Connection): AiStackServer {
  const server = new AiStackServer(connection);
  for (const feature of features) feature(server);
  server.listen();
  return server;
}

/** More ignore actions than this become one "Ignore…" entry that lets the user pick (client command). */
export const MAX_INLINE_IGNORES = 2;
export const CHOOSE_IGNORE_COMMAND = 'aiStack.chooseIgnore';

export function groupIgnores(ignores: CodeAction[]): CodeAction[] {
  if (ignores.length <= MAX_INLINE_IGNORES) return ignores;
  const choices = ignores.map((a) => ({ title: a.title, edit: a.edit }));
  const title = `Ignore a finding here… (${ignores.length} choices)`;
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: ignores.flatMap((a) => a.diagnostics ?? []), command: { title, command: CHOOSE_IGNORE_COMMAND, arguments: [choices] } }];
}
