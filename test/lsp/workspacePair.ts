/**
 * The language server over a real LSP connection (in-memory streams), initialized with a workspace
 * folder as VS Code does: workspace/configuration answered from `settings` (`aiStack` and
 * `files.exclude`), work-done progress accepted and recorded, every published diagnostic logged.
 * Waits are on protocol state (a publish, the end of a progress), bounded by a timeout.
 */
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection as createServerConnection } from 'vscode-languageserver/node';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { AiStackServer, ServerParts, startServer } from '../../server/src/lsp/server';

const TIMEOUT_MS = 30000;

export interface WorkspaceSettings {
  aiStack?: Record<string, unknown>;
  filesExclude?: Record<string, boolean>;
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

export class WorkspacePair {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: ProgressEvent[] = [];
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  private readonly up = new PassThrough();
  private readonly down = new PassThrough();
  readonly client: ProtocolConnection;
  readonly server: AiStackServer;

  private constructor(
    readonly folder: string,
    public settings: WorkspaceSettings,
    parts?: ServerParts,
  ) {
    this.server = startServer(createServerConnection(new StreamMessageReader(this.up), new StreamMessageWriter(this.down)), parts);
    this.client = createProtocolConnection(new StreamMessageReader(this.down), new StreamMessageWriter(this.up));
    this.client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.poke();
    });
    this.client.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === 'files.exclude' ? this.settings.filesExclude ?? {} : this.settings.aiStack ?? {})),
    );
    this.client.onRequest('client/registerCapability', () => null);
    this.client.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    this.client.onNotification('$/progress', (p: ProgressEvent) => {
      this.progress.push(p);
      this.poke();
    });
    this.client.listen();
  }

  static async start(folder: string, settings: WorkspaceSettings = {}, parts?: ServerParts): Promise<WorkspacePair> {
    const pair = new WorkspacePair(folder, settings, parts);
    await pair.client.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: false } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
        window: { workDoneProgress: true },
      },
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'ws' }],
    });
    await pair.client.sendNotification(InitializedNotification.type, {});
    return pair;
  }

  uri(filePath: string): string {
    return pathToFileURL(filePath).toString();
  }

  /** The last diagnostics published for a file, or undefined when none were. */
  last(filePath: string): PublishDiagnosticsParams | undefined {
    const uri = this.uri(filePath);
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /** Waits until `check` holds (re-evaluated on every publish and progress notification). */
  until(what: string, check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Waits for a publish for `filePath` after `since` (an index into `published`) that satisfies `check`. */
  async publishFor(filePath: string, since: number, check: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const uri = this.uri(filePath);
    let found: PublishDiagnosticsParams | undefined;
    await this.until(`diagnostics for ${filePath}`, () => (found = this.published.slice(since).find((p) => p.uri === uri && check(p))) !== undefined);
    return found!;
  }

  /** The number of progress runs that have ended. */
  get scansEnded(): number {
    return this.progress.filter((p) => p.value.kind === 'end').length;
  }

  /** Waits until the background check has nothing left to do (the server's own state, not a delay). */
  async idle(): Promise<void> {
    await this.server.ready;
    await this.server.background.idle();
    // The server wrote its diagnostics before this answer: once it is here, they are too (one ordered stream).
    await this.client.sendRequest(HoverRequest.type, { textDocument: { uri: 'untitled:sync' }, position: { line: 0, character: 0 } });
  }

  async setSettings(settings: WorkspaceSettings): Promise<void> {
    this.settings = settings;
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async fileEvents(changes: { path: string; type: FileChangeType }[]): Promise<void> {
    await this.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: this.uri(c.path), type: c.type })) });
  }

  dispose(): void {
    this.server.background.cancel();
    this.client.dispose();
    this.up.end();
    this.down.end();
  }

  private poke(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].check()) this.waiters.splice(i, 1)[0].resolve();
    }
  }
}
