/**
 * A real LSP connection pair over in-memory streams: the server under test on one end,
 * a protocol client on the other (as the compose language service tests do).
 */
import { PassThrough } from 'node:stream';
import { createConnection as createServerConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  ConfigurationRequest,
  ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { AiStackServer, startServer } from '../../server/src/lsp/server';

export interface Pair {
  client: ProtocolConnection;
  server: AiStackServer;
  settings: Record<string, unknown>;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Every diagnostics notification received so far. */
  published: PublishDiagnosticsParams[];
  open(uri: string, text: string, languageId?: string): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, text: string): Promise<PublishDiagnosticsParams>;
  dispose(): void;
}

export async function startPair(settings: Record<string, unknown> = {}): Promise<Pair> {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = startServer(createServerConnection(new StreamMessageReader(up), new StreamMessageWriter(down)));
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const log: PublishDiagnosticsParams[] = [];
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    log.push(p);
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  const state = { settings };
  client.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => state.settings));
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    workspaceFolders: null,
  });
  await client.sendNotification(InitializedNotification.type, {});
  const nextDiagnostics = (uri: string, version?: number) =>
    new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}${version ? ` v${version}` : ''} within 20 s`)), 20000);
      waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  return {
    client,
    server,
    get settings() {
      return state.settings;
    },
    set settings(v) {
      state.settings = v;
    },
    nextDiagnostics,
    published: log,
    async open(uri, text, languageId = 'dockercompose') {
      const p = nextDiagnostics(uri, 1);
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return p;
    },
    async change(uri, version, text) {
      const p = nextDiagnostics(uri, version);
      await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
      return p;
    },
    dispose() {
      client.dispose();
      up.end();
      down.end();
    },
  };
}
