/**
 * The language server as the benchmarks drive it: `node <server> --stdio` spawned in a workspace and
 * spoken to over real LSP stdio, as VS Code speaks to it (one workspace folder, `workspace/configuration`,
 * versioned diagnostics, optionally work-done progress). Used by bench/lsp.ts and bench/workspace.ts.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export interface LspClientOptions {
  /** The answer to `workspace/configuration` for the `aiStack` section; without it every section is answered null (defaults). */
  settings?: Record<string, unknown>;
  /** Announce `window.workDoneProgress`: the server then reports its background scan as progress. */
  workDoneProgress?: boolean;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly t0 = performance.now();
  /** When each URI was first published (ms since the client started). */
  readonly firstPublish = new Map<string, number>();
  /** The latest publish per URI: its version (absent for files not open), how many diagnostics it had, and its place among all publishes. */
  readonly latest = new Map<string, { version?: number; count: number; seq: number; codes: string[] }>();
  private publishes = 0;
  /** When the server ended a work-done progress (ms since the client started). */
  progressEnd: number | undefined;
  private waiters: Waiter[] = [];

  constructor(
    server: string,
    private readonly workspace: string,
    private readonly options: LspClientOptions = {},
  ) {
    this.proc = spawn(process.execPath, [server, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: { code?: unknown }[] }) => {
      if (!this.firstPublish.has(p.uri)) this.firstPublish.set(p.uri, performance.now() - this.t0);
      const codes = p.diagnostics.map((d) => String(d.code ?? ''));
      this.latest.set(p.uri, { version: p.version, count: p.diagnostics.length, seq: ++this.publishes, codes });
      this.poke();
    });
    this.conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
      if (p.value.kind === 'end') this.progressEnd = performance.now() - this.t0;
      this.poke();
    });
    const settings = options.settings;
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (settings && i.section === 'aiStack' ? settings : null)));
    // Accept registrations and progress tokens; ignore every other notification.
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.listen();
    // A server that dies must fail the benchmark at once, not after a timeout.
    this.proc.on('exit', (code, signal) => {
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) w.reject(new Error(`the server exited (${signal ?? code}) before what the benchmark waited for`));
    });
  }

  async initialize(): Promise<void> {
    const uri = pathToFileURL(this.workspace).href;
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false } },
        workspace: { configuration: true },
        ...(this.options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  async open(uri: string, text: string, languageId = 'dockercompose'): Promise<void> {
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The change as VS Code sends it to a server that syncs incrementally: only the range that differs
   * between `before` and `after` (a keystroke is one character inserted or deleted), not the whole text.
   */
  async type(uri: string, version: number, before: string, after: string): Promise<void> {
    let start = 0;
    const shorter = Math.min(before.length, after.length);
    while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let tail = 0;
    while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
    const range = { start: positionIn(before, start), end: positionIn(before, before.length - tail) };
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: after.slice(start, after.length - tail) }] });
  }

  /** Resolves when `check` holds: now, or after the publish or progress that makes it hold. */
  until(check: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out: ${what}`));
      }, timeoutMs);
      const waiter: Waiter = { check, resolve: () => (clearTimeout(timer), resolve()), reject: (e) => (clearTimeout(timer), reject(e)) };
      this.waiters.push(waiter);
    });
  }

  /**
   * The number of diagnostics of the first publish for `uri`, from now on, at `version` or later (or
   * without a version). Call it before sending the change it waits for.
   */
  async diagnostics(uri: string, version: number, timeoutMs = 60_000): Promise<number> {
    const after = this.publishes;
    let count = 0;
    await this.until(
      () => {
        const p = this.latest.get(uri);
        if (!p || p.seq <= after || (p.version !== undefined && p.version < version)) return false;
        count = p.count;
        return true;
      },
      `diagnostics for version ${version} of ${uri}`,
      timeoutMs,
    );
    return count;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }

  private poke(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

/** The LSP position (line, UTF-16 character) of an offset. */
function positionIn(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
