/**
 * The language server: an adapter from LSP to the rule engine. It owns document state, settings
 * and the analysis cache, and routes each LSP method to its module (diagnostics, workspace
 * diagnostics, code actions, hover, navigation); every check, fix and suppression comes from
 * server/src/engine. The compose project workspace is constructed once and passed in.
 */
import path from 'node:path';
import fs from 'node:fs';
import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWorkspaceFoldersNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis, AnalyzeOptions, CONFIG_FILE, failedAnalysis, fileKind, isDevelopmentPath, isIgnoredByConfig, mergeSeverities } from '../engine';
import { ProjectWorkspace, WorkspaceSettings } from '../engine/analyze/workspace';
import { CodeActions, FIX_ALL_KIND } from './codeActions';
import type { DocumentKind, ServerContext } from './context';
import { DocumentDiagnostics } from './diagnostics';
import { cachedDiskReader, DiskReader } from './diskReader';
import { HeapTrimmer } from './heapTrimmer';
import { hover } from './hover';
import { NAVIGATION_CAPABILITIES, registerNavigation } from './navigation';
import { DEFAULT_SETTINGS, normalizeSettings, ServerSettings } from './settings';
import { diskScriptScan } from '../host/targetScripts';
import { chooseTarget, type TargetEvidence } from '../engine/rules/compose/swarm/detectTarget';
import { URI } from './uri';
import { WorkspaceConfigs } from './workspaceConfig';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import { innermostFolder } from '../engine/paths';

export { CHOOSE_IGNORE_COMMAND, FIX_ALL_KIND, FIX_ALL_TITLE, groupIgnores, MAX_INLINE_IGNORES } from './codeActions';
export type { FixAllData } from './codeActions';
export type { DocumentKind } from './context';

/** What the server is built from: the open documents and the file reader over them, and the project workspace reading through it. */
export interface ServerParts {
  documents: TextDocuments<TextDocument>;
  /** Disk texts (cached by size and mtime) for files that are not open. */
  fromDisk: DiskReader;
  workspace: ProjectWorkspace;
}

/** The parts of a server: one project workspace, reading open documents first and the disk for the rest. */
export function serverParts(): ServerParts {
  const documents = new TextDocuments(TextDocument);
  const fromDisk = cachedDiskReader();
  // Diagnostics follow what the user is typing in any member of a set.
  const workspace = new ProjectWorkspace((p) => documents.get(URI.fromPath(p))?.getText() ?? fromDisk(p));
  return { documents, fromDisk, workspace };
}

/** Files whose options are remembered at most (the background scan asks for every file of the workspace). */
const MAX_REMEMBERED_OPTIONS = 2000;

export class AiStackServer implements ServerContext {
  readonly documents: TextDocuments<TextDocument>;
  readonly workspace: ProjectWorkspace;
  settings: ServerSettings = DEFAULT_SETTINGS;
  readonly configs = new WorkspaceConfigs();
  readonly docsUri: string | undefined;
  /** Workspace folder paths (for files such as .vscode/tasks.json, and the background scan). */
  folders: string[] = [];
  /** Deploy scripts of the workspace (target detection); forgotten on recheckAll. */
  private readonly scripts = diskScriptScan();
  readonly diagnostics: DocumentDiagnostics;
  readonly codeActions: CodeActions;
  readonly background: WorkspaceDiagnostics;
  /** Analysis per open document, for its current version. */
  private readonly results = new Map<string, { version: number; analysis: Analysis }>();
  private readonly options = new Map<string, AnalyzeOptions>();
  private readonly heap = new HeapTrimmer();
  private readonly fromDisk: DiskReader;
  private pullSettings = false;
  private markReady: () => void = () => undefined;
  /** Settles when the client said `initialized` and the settings are in (the first workspace scan has started). */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    readonly connection: Connection,
    parts: ServerParts = serverParts(),
  ) {
    this.documents = parts.documents;
    this.workspace = parts.workspace;
    this.fromDisk = parts.fromDisk;
    const docs = path.resolve(__dirname, '..', 'docs', 'rules.md');
    this.docsUri = fs.existsSync(docs) ? URI.fromPath(docs) : undefined;
    this.diagnostics = new DocumentDiagnostics(this, () => this.heap.afterCheck());
    this.codeActions = new CodeActions(this);
    this.background = new WorkspaceDiagnostics(this, {
      analyze: (doc) => this.analyzeText(doc),
      release: (filePath) => this.releaseBackground(filePath),
      reads: (filePath) => this.workspace.readsOf(filePath),
      editorBusy: () => this.diagnostics.busy,
      filesExclude: (folder) => this.filesExclude(folder),
    });
  }

  kindOf(doc: TextDocument): DocumentKind | undefined {
    const filePath = URI.toPath(doc.uri);
    if (path.basename(filePath) === CONFIG_FILE) return 'config';
    if (doc.languageId === 'dockercompose') return 'compose';
    if (doc.languageId === 'dockerfile') return 'dockerfile';
    return fileKind(filePath, this.settings.composeFilePatterns);
  }

  /**
   * Analysis options of a file, computed once per file until what they are made of is read again
   * (settings, `.ai-stack.json`, deploy scripts: all of it only on recheckAll or a config change);
   * each computation matches globs and reads the config, on every keystroke otherwise.
   */
  optionsFor(filePath: string): AnalyzeOptions {
    const hit = this.options.get(filePath);
    if (hit) return hit;
    if (this.options.size >= MAX_REMEMBERED_OPTIONS) this.options.clear();
    const options = this.computeOptions(filePath);
    this.options.set(filePath, options);
    return options;
  }

  private computeOptions(filePath: string): AnalyzeOptions {
    const loaded = this.configs.forFile(filePath);
    const base = path.basename(filePath);
    const devPatterns = loaded.config.developmentFiles ?? this.settings.developmentFiles;
    return {
      severities: mergeSeverities(loaded.config.rules, this.settings.rules),
      development: isDevelopmentPath(base, devPatterns),
      composePatterns: this.settings.composeFilePatterns,
      target: chooseTarget(this.settings.target, loaded.config.target, () => this.scripts.evidence(filePath, this.folderOf(filePath) ?? (loaded.file ? path.dirname(loaded.file) : path.dirname(filePath))) ?? this.engineEvidence()),
    };
  }

  /** The client says the connected engine is a swarm manager (opt-in setting): the swarm target, as the last evidence. */
  private engineEvidence(): TargetEvidence | undefined {
    return this.settings.engineIsSwarmManager ? { target: 'swarm', script: 'the connected Docker engine (a swarm manager)', line: 0, command: 'docker info' } : undefined;
  }

  /** The workspace folder holding a file (the deepest one), if any. */
  private folderOf(filePath: string): string | undefined {
    return innermostFolder(this.folders, filePath);
  }

  /** The sets a compose file is judged in: `.ai-stack.json` and settings. */
  projectSettingsFor(filePath: string): WorkspaceSettings {
    const config = this.configs.forFile(filePath).config;
    return {
      composeFiles: [...(config.composeFiles ?? []), ...this.settings.composeFiles],
      developmentFiles: config.developmentFiles ?? this.settings.developmentFiles,
    };
  }

  /** Analysis of the document's current version (cached per version). */
  analysisFor(doc: TextDocument): Analysis | undefined {
    const hit = this.results.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = this.analyzeText(doc);
    if (analysis) this.results.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  /** Analysis of a text, uncached: an open document's, or a file's disk text for the background scan. */
  private analyzeText(doc: TextDocument): Analysis | undefined {
    const kind = this.kindOf(doc);
    if (!kind || kind === 'config') return undefined;
    const filePath = URI.toPath(doc.uri);
    // `.ai-stack.json` `ignore`: no diagnostics, as the CLI reports no findings for the file.
    if (doc.uri.startsWith('file:') && isIgnoredByConfig(this.configs.forFile(filePath), filePath)) return undefined;
    const options = this.optionsFor(filePath);
    // A file on disk is judged in its compose project (the sets it belongs to, as Docker Compose merges them).
    const project = kind === 'compose' && doc.uri.startsWith('file:') ? this.analyzeInProject(doc, filePath, options) : undefined;
    return project ?? analyze(filePath, doc.getText(), options, kind);
  }

  private analyzeInProject(doc: TextDocument, filePath: string, options: AnalyzeOptions): Analysis {
    const severities = { ...options.severities };
    if (!this.settings.schemaValidation) severities['compose-schema'] = 'off';
    if (!this.settings.missingEnvDiagnostics) {
      severities['env-required-missing'] = 'off';
      severities['env-variable-unset'] = 'off';
    }
    try {
      return this.workspace.analyze(filePath, { ...options, severities }, this.projectSettingsFor(filePath));
    } catch (e) {
      // A visible finding on the file, never an empty (falsely clean) result.
      return failedAnalysis(filePath, doc.getText(), e);
    }
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

  private isOpen = (filePath: string) => !!this.documents.get(URI.fromPath(filePath));

  /**
   * The one change handler: first drop everything the edit makes stale (analyses, the projects that
   * read the file, everything when it is `.ai-stack.json`), then schedule the checks — the edited
   * document, the open members of its sets, and (in workspace scope) the closed ones.
   */
  private changed(doc: TextDocument): void {
    const filePath = URI.toPath(doc.uri);
    const isConfig = path.basename(filePath) === CONFIG_FILE;
    if (isConfig) {
      this.invalidateConfigs();
      this.results.clear();
      this.codeActions.clear();
    }
    const affected = this.workspace.changed(filePath).filter((f) => f !== filePath);
    for (const f of affected) this.forget(URI.fromPath(f));
    // Then the checks.
    this.diagnostics.schedule(doc);
    if (isConfig) {
      for (const d of this.documents.all()) if (d.uri !== doc.uri) this.diagnostics.schedule(d);
      this.background.rescan();
      return;
    }
    this.recheckOpen(affected);
    this.background.recheck(affected.filter((f) => !this.isOpen(f)));
  }

  /** A file changed on disk (client watcher): invalidate what read it, then re-check what depends on it. */
  private changedOnDisk(changes: readonly { uri: string; type: FileChangeType }[]): void {
    if (changes.some((c) => c.uri.endsWith(CONFIG_FILE))) return this.recheckAll();
    for (const c of changes) {
      const filePath = URI.toPath(c.uri);
      const affected = this.workspace.changed(filePath, { onDisk: true });
      for (const f of affected) this.forget(URI.fromPath(f));
      this.recheckOpen(affected);
      this.background.fileChanged(filePath, c.type, affected);
    }
  }

  /** Workspace folders added or removed: the background check clears the removed folders' files and lists the rest again. */
  private foldersChanged(event: { added: { uri: string }[]; removed: { uri: string }[] }): void {
    const removed = event.removed.map((f) => URI.toPath(f.uri));
    this.folders = [...this.folders.filter((f) => !removed.includes(f)), ...event.added.map((f) => URI.toPath(f.uri))];
    this.background.foldersChanged(removed);
  }

  /** `.ai-stack.json` files are read again, and the options made from them computed again. */
  private invalidateConfigs(): void {
    this.configs.invalidate();
    this.options.clear();
  }

  private forget(uri: string): void {
    this.results.delete(uri);
    this.codeActions.forget(uri);
  }

  /**
   * Everything the server kept for a document that was closed: its pending check, analysis and fix-all
   * result, its parse and the projects no open document needs, and disk texts no remaining project
   * reads. What the document held is garbage now: let the heap trimmer collect.
   */
  release(uri: string): void {
    this.diagnostics.cancel(uri);
    this.forget(uri);
    const closedPath = URI.toPath(uri);
    // The open members of its sets: the disk version of the closed file applies to them again.
    const affected = this.workspace.changed(closedPath).filter((f) => f !== closedPath);
    const inUse = this.workspace.release(closedPath, this.isOpen);
    this.recheckOpen(affected);
    this.fromDisk.retain((p) => inUse.has(p));
    this.heap.afterRelease();
  }

  /** After the background scan checked a closed file: drop its parse and projects unless an open document's set still reads them. */
  private releaseBackground(filePath: string): void {
    if (this.isOpen(filePath) || this.workspace.filesAffectedBy(filePath).some(this.isOpen)) return;
    const inUse = this.workspace.release(filePath, this.isOpen);
    this.fromDisk.retain((p) => inUse.has(p) || this.isOpen(p));
    // What the check held is garbage now: keep the heap near what the server really holds, as after an open document's check.
    this.heap.afterCheck();
  }

  recheckAll(): void {
    this.scripts.clear();
    this.results.clear();
    this.codeActions.clear();
    this.invalidateConfigs();
    for (const doc of this.documents.all()) this.diagnostics.schedule(doc, 0);
    this.background.rescan();
  }

  /** Re-check specific open documents (e.g. every member of a compose file set). */
  recheckOpen(paths: readonly string[]): void {
    const wanted = new Set(paths.map((p) => URI.fromPath(p)));
    for (const doc of this.documents.all()) {
      if (!wanted.has(doc.uri)) continue;
      this.forget(doc.uri);
      this.diagnostics.schedule(doc, 0);
    }
  }

  /** Every "Fix all" of a document (the code action module's, here for tests and callers that hold the server). */
  fixAll(doc: TextDocument) {
    return this.codeActions.fixAll(doc);
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

  /** `files.exclude` of a folder (glob → on), as the editor's explorer and search use it; none from editors that cannot tell. */
  private async filesExclude(folder: string): Promise<string[]> {
    if (!this.pullSettings) return [];
    try {
      const raw = (await this.connection.workspace.getConfiguration({ scopeUri: URI.fromPath(folder), section: 'files.exclude' })) as unknown;
      if (!raw || typeof raw !== 'object') return [];
      return Object.entries(raw as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob);
    } catch {
      return [];
    }
  }

  listen(): this {
    const { connection, documents } = this;
    connection.onInitialize((params) => {
      this.pullSettings = !!params.capabilities.workspace?.configuration;
      this.folders = (params.workspaceFolders ?? []).map((f) => URI.toPath(f.uri));
      if (!this.folders.length && params.rootUri) this.folders = [URI.toPath(params.rootUri)];
      // Registered here, after the library's own workspace-folders feature took the notification at initialize.
      connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => this.foldersChanged(event));
      if (params.initializationOptions && typeof params.initializationOptions === 'object') {
        this.settings = normalizeSettings((params.initializationOptions as Record<string, unknown>).aiStack ?? params.initializationOptions);
      }
      this.background.progressSupported = !!params.capabilities.window?.workDoneProgress;
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
          hoverProvider: true,
          ...NAVIGATION_CAPABILITIES,
          // Folders added to or removed from the workspace: the background check follows (workspaceDiagnostics.ts).
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'ai-stack-language-server' },
      };
    });
    connection.onInitialized(async () => {
      if (this.pullSettings) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aiStack' }).catch(() => undefined);
        await this.refreshSettings();
        this.recheckAll();
      } else {
        this.background.rescan();
      }
      this.markReady();
    });
    connection.onDidChangeConfiguration(async (change) => {
      if (this.pullSettings) await this.refreshSettings();
      else if (change.settings) this.settings = normalizeSettings((change.settings as Record<string, unknown>).aiStack ?? change.settings);
      this.recheckAll();
    });
    connection.onDidChangeWatchedFiles((params) => this.changedOnDisk(params.changes));
    documents.onDidOpen((e) => {
      this.background.opened(URI.toPath(e.document.uri));
      this.diagnostics.schedule(e.document, 0);
    });
    documents.onDidChangeContent((e) => this.changed(e.document));
    documents.onDidClose((e) => {
      this.release(e.document.uri);
      // In workspace scope the file's disk diagnostics replace the buffer's; otherwise it has none now.
      if (!this.background.closed(URI.toPath(e.document.uri))) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    connection.onCodeAction((params) => this.codeActions.codeActions(params));
    connection.onCodeActionResolve((action) => this.codeActions.resolveCodeAction(action));
    connection.onHover((params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? hover(this, doc, doc.offsetAt(params.position)) : undefined;
    });
    registerNavigation(this);
    connection.onShutdown(() => this.background.cancel());
    documents.listen(connection);
    connection.listen();
    return this;
  }
}

export function startServer(connection: Connection, parts: ServerParts = serverParts()): AiStackServer {
  return new AiStackServer(connection, parts).listen();
}
