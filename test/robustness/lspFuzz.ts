/**
 * A mutation fuzzer that drives the real language server (`node dist/server.js --stdio`) over real
 * LSP stdio with input nobody here designed (issue 10, "safe on any input"): real compose files and
 * Dockerfiles from the third-party corpus, damaged by seeded mutations (lspFuzzMutations.ts), opened
 * and then edited incrementally the way VS Code sends edits (changed ranges only), with hover,
 * completion, code actions (+ resolve), document symbols and definition asked at random positions
 * after every version.
 *
 * Checks per case: the server stays alive; every request is answered (an error response other than
 * RequestCancelled/ContentModified fails); each version's diagnostics arrive (a generous bound: this
 * detects hangs, it does not time anything); every diagnostic range lies inside its document; no
 * diagnostic says the check failed (`internal-error`) and the server logs no failure; every quick
 * fix's edit lies inside the document, has no overlapping edits, and leaves YAML that parses whenever
 * the text before did; the server's RSS stays under a bound.
 *
 * A failing case is written to `<failuresDir>/<seed>-<case>/` (input, edit steps, failures, server
 * stderr) and the run goes on (with a fresh server when it died or hung). `runLspFuzz({ seed, only:
 * [case] })` replays one case.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { rng } from '../../bench/realistic';
import { int, Kind, mutate, pick, Rand } from './lspFuzzMutations';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
export const DEFAULT_CORPUS = '/work/shared/corpus';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Run only these case numbers (replay). */
  only?: number[];
  server?: string;
  corpus?: string;
  failuresDir?: string;
  /** Bound on waiting for one version's diagnostics or one response: a hang detector, not a timing check. */
  hangMs?: number;
  rssLimitMb?: number;
  /** Progress lines (every `progressEvery` cases) and the failures as they happen. */
  log?: (line: string) => void;
  progressEvery?: number;
  /** Cases slower than this are reported and written like failures (`<seed>-<case>-slow`), though they do not fail. */
  slowMs?: number;
}

export type Check =
  | 'server-exit'
  | 'request-error'
  | 'request-hang'
  | 'diagnostics-hang'
  | 'diagnostic-range'
  | 'response-range'
  | 'check-failed'
  | 'fix-edit-range'
  | 'fix-breaks-yaml'
  | 'memory';

export interface Failure {
  check: Check;
  version: number;
  detail: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  composeCases: number;
  dockerfileCases: number;
  versions: number;
  requests: number;
  fixesChecked: number;
  failedCases: number;
  byCheck: Partial<Record<Check, number>>;
  failureDirs: string[];
  maxRssMb: number;
  ms: number;
  /** Wall time spent waiting on each request method and on diagnostics (where a slow run's time goes). */
  msByWait: Record<string, number>;
}

const CANCELLED = -32800;
const CONTENT_MODIFIED = -32801;
/** Failures after which the server is not trusted any more: the case stops and a fresh server starts. */
const FATAL: ReadonlySet<Check> = new Set(['server-exit', 'request-hang', 'diagnostics-hang', 'memory']);

interface CorpusFile {
  name: string;
  kind: Kind;
  text: string;
}

export function loadCorpus(dir: string): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const [sub, kind] of [['compose', 'compose'], ['dockerfile', 'dockerfile']] as const) {
    const folder = path.join(dir, sub);
    for (const name of fs.readdirSync(folder).sort()) out.push({ name, kind, text: fs.readFileSync(path.join(folder, name), 'utf8') });
  }
  if (!out.some((f) => f.kind === 'compose') || !out.some((f) => f.kind === 'dockerfile')) throw new Error(`no compose files or Dockerfiles under ${dir}`);
  return out;
}

/** Independent per-case seeds: a case replays alone from (seed, case number). */
export function caseSeed(seed: number, n: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b)) >>> 0;
}

class ServerExited extends Error {}
class Hang extends Error {}

interface Publish {
  version?: number;
  diagnostics: Diagnostic[];
}

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Diagnostic {
  range: Range;
  code?: string | number;
  message: string;
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: ({ textDocument?: { uri: string; version?: number | null }; edits?: TextEdit[]; kind?: string })[];
}
interface CompletionItem {
  label: string;
  textEdit?: TextEdit | { newText: string; insert: Range; replace: Range };
  additionalTextEdits?: TextEdit[];
}
interface Location {
  uri: string;
  range: Range;
}
interface LocationLink {
  targetUri: string;
  targetRange: Range;
  targetSelectionRange: Range;
}
interface DocumentSymbol {
  name: string;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}
interface CodeAction {
  title: string;
  kind?: string;
  edit?: WorkspaceEdit;
  data?: unknown;
}

/** One server process and a minimal LSP client for it (as VS Code's: incremental sync, versioned diagnostics). */
class Server {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private stderr = '';
  private publishes = new Map<string, Publish[]>();
  private waiters = new Set<() => void>();
  /** Errors and warnings the server logged that say something failed. */
  readonly loggedFailures: string[] = [];
  readonly exited: Promise<never>;
  exitReason: string | undefined;
  /** The request last sent (method and parameters): a logged failure arrives while it is answered. */
  private lastRequest = '';

  constructor(script: string, private readonly workspace: string) {
    this.proc = spawn(process.execPath, [script, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-20_000)));
    this.exited = new Promise<never>((_, reject) => {
      this.proc.on('exit', (code, signal) => {
        this.exitReason = `exited (${signal ?? code})`;
        reject(new ServerExited(`the server ${this.exitReason}`));
        for (const w of this.waiters) w();
      });
    });
    this.exited.catch(() => undefined);
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string } & Publish) => {
      const list = this.publishes.get(p.uri) ?? [];
      list.push({ version: p.version, diagnostics: p.diagnostics });
      this.publishes.set(p.uri, list);
      for (const w of this.waiters) w();
    });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type <= 2 && /failed|exception|maximum call stack/i.test(p.message)) this.loggedFailures.push(`${p.message.slice(0, 2000)} (while answering ${this.lastRequest})`);
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  stderrTail(): string {
    return this.stderr;
  }

  rssMb(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  }

  /** A request answered within `hangMs`, or a Hang / ServerExited / ResponseError. */
  async request<R>(method: string, params: unknown, hangMs: number): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Hang(`${method} ${JSON.stringify(params).slice(0, 300)}: no response within ${hangMs / 1000} s`)), hangMs)));
    this.lastRequest = `${method} ${JSON.stringify(params).slice(0, 300)}`;
    try {
      return await Promise.race([this.conn.sendRequest<R>(method, params), hang, this.exited]);
    } finally {
      clearTimeout(timer);
    }
  }

  async notify(method: string, params: unknown): Promise<void> {
    await Promise.race([this.conn.sendNotification(method, params), this.exited]);
  }

  /** The first publish for `uri` at exactly `version`. */
  async diagnostics(uri: string, version: number, hangMs: number): Promise<Diagnostic[]> {
    const found = () => this.publishes.get(uri)?.find((p) => p.version === version);
    let waiter: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<Diagnostic[]>((resolve, reject) => {
        waiter = () => {
          const p = found();
          if (p) resolve(p.diagnostics);
          else if (this.exitReason) reject(new ServerExited(`the server ${this.exitReason} before the diagnostics of version ${version}`));
        };
        timer = setTimeout(() => reject(new Hang(`no diagnostics for version ${version} within ${hangMs / 1000} s`)), hangMs);
        this.waiters.add(waiter);
        waiter();
      });
    } finally {
      clearTimeout(timer);
      if (waiter) this.waiters.delete(waiter);
    }
  }

  forget(uri: string): void {
    this.publishes.delete(uri);
  }

  async start(hangMs: number): Promise<void> {
    const uri = pathToFileURL(this.workspace).href;
    await this.request(
      'initialize',
      {
        processId: process.pid,
        rootUri: uri,
        workspaceFolders: [{ uri, name: 'fuzz' }],
        capabilities: {
          textDocument: {
            publishDiagnostics: { versionSupport: true, relatedInformation: true },
            synchronization: { dynamicRegistration: false },
            codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
            completion: { completionItem: { snippetSupport: true } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
          workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        },
      },
      hangMs,
    );
    await this.notify('initialized', {});
  }

  async stop(): Promise<void> {
    if (!this.exitReason) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.conn.sendNotification('exit');
      } catch {
        // already gone
      }
    }
    this.conn.dispose();
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const gone = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGKILL');
      await gone;
    }
  }
}

/** Content length of each line, with LSP's line breaks (\r\n, \r, \n). */
function lineLengths(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push(text.length - start);
  return out;
}

function rangeProblem(range: Range | undefined, lengths: number[]): string | undefined {
  if (!range?.start || !range.end) return 'no range';
  const inside = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
  if (!inside(range.start) || !inside(range.end)) return `${JSON.stringify(range)} is outside the document (${lengths.length} lines)`;
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `${JSON.stringify(range)} ends before it starts`;
  return undefined;
}

export function parsesAsYaml(text: string): boolean {
  try {
    return parseAllDocuments(text, { merge: true, prettyErrors: false }).every((d) => 'errors' in d && d.errors.length === 0);
  } catch {
    return false;
  }
}

/** The edits of `edit` for `uri`, or a problem with them. */
function editsFor(edit: WorkspaceEdit, uri: string, version: number): { edits: TextEdit[]; problem?: string } {
  const edits: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const c of edit.documentChanges ?? []) {
    if (c.kind || c.textDocument?.uri !== uri) continue;
    if (c.textDocument.version !== undefined && c.textDocument.version !== null && c.textDocument.version !== version) {
      return { edits, problem: `edit for version ${c.textDocument.version} of a document at version ${version}` };
    }
    edits.push(...(c.edits ?? []));
  }
  return { edits };
}

/** The minimal change between two texts, as VS Code sends it: the differing range, never splitting a CRLF. */
function changeBetween(doc: TextDocument, after: string): { range: Range; text: string } {
  const before = doc.getText();
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  let end = before.length - tail;
  let newEnd = after.length - tail;
  if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
  if (end > start && end < before.length && before[end - 1] === '\r' && before[end] === '\n') {
    end++;
    newEnd++;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: after.slice(start, newEnd) };
}

interface Step {
  version: number;
  mutations: string[];
  changes: { range?: Range; text: string }[];
}

interface CaseRecord {
  n: number;
  kind: Kind;
  file: string;
  base: string;
  initial: string;
  steps: Step[];
  failures: Failure[];
}

const COMPOSE_NAMES = ['compose.yaml', 'docker-compose.yml', 'compose.override.yaml', 'docker-compose.prod.yml', 'stack.compose.yaml'];
const DOCKERFILE_NAMES = ['Dockerfile', 'api.Dockerfile', 'Dockerfile.dev'];

export async function runLspFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const t0 = performance.now();
  const server = options.server ?? DEFAULT_SERVER;
  if (!fs.existsSync(server)) throw new Error(`${server} does not exist: run npm run build first`);
  const corpus = loadCorpus(options.corpus ?? DEFAULT_CORPUS);
  const hangMs = options.hangMs ?? 30_000;
  const rssLimitMb = options.rssLimitMb ?? 1536;
  const failuresDir = options.failuresDir ?? path.join(os.tmpdir(), 'ai-stack-fuzz-failures');
  const log = options.log ?? (() => undefined);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-stack-lspfuzz-'));
  const summary: FuzzSummary = { seed: options.seed, cases: 0, composeCases: 0, dockerfileCases: 0, versions: 0, requests: 0, fixesChecked: 0, failedCases: 0, byCheck: {}, failureDirs: [], maxRssMb: 0, ms: 0, msByWait: {} };

  let current: Server | undefined;
  const serverFor = async (): Promise<Server> => {
    if (current && !current.exitReason) return current;
    current = new Server(server, workspace);
    await current.start(hangMs);
    return current;
  };

  const numbers = options.only ?? Array.from({ length: options.cases }, (_, i) => i);
  try {
    for (const n of numbers) {
      const srv = await serverFor();
      const caseStart = performance.now();
      const record = await runCase(srv, n);
      const caseMs = performance.now() - caseStart;
      if (caseMs > (options.slowMs ?? 10_000)) {
        const where = options.slowMs ? ` → ${writeFailure(failuresDir, options.seed, record, '', '-slow')}` : '';
        log(`case ${n} (${record.kind}, ${record.steps.length} versions, ${record.initial.length} chars) took ${(caseMs / 1000).toFixed(1)} s: ${record.steps.map((s) => s.mutations.join('+')).join(' / ')}${where}`);
      }
      summary.cases++;
      if (record.kind === 'compose') summary.composeCases++;
      else summary.dockerfileCases++;
      if (record.failures.length) {
        summary.failedCases++;
        for (const check of new Set(record.failures.map((f) => f.check))) summary.byCheck[check] = (summary.byCheck[check] ?? 0) + 1;
        const dir = writeFailure(failuresDir, options.seed, record, srv.stderrTail());
        summary.failureDirs.push(dir);
        log(`case ${n} (${record.kind}): ${describe(record.failures)} → ${dir}`);
        if (record.failures.some((f) => FATAL.has(f.check))) {
          await srv.stop();
          current = undefined;
        }
      }
      if (options.progressEvery && summary.cases % options.progressEvery === 0) log(`${summary.cases} cases, ${summary.failedCases} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s, RSS ${srv.rssMb().toFixed(0)} MB`);
    }
  } finally {
    await current?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  summary.ms = performance.now() - t0;
  return summary;

  async function runCase(srv: Server, n: number): Promise<CaseRecord> {
    const r = rng(caseSeed(options.seed, n));
    const kind: Kind = r() < 0.7 ? 'compose' : 'dockerfile';
    const base = pick(r, corpus.filter((f) => f.kind === kind));
    const other = pick(r, corpus);
    const initial = mutate(r, base.text, kind, other.text, int(r, 0, 4));
    const dir = path.join(workspace, `case-${n}`);
    const file = path.join(dir, pick(r, kind === 'compose' ? COMPOSE_NAMES : DOCKERFILE_NAMES));
    const uri = pathToFileURL(file).href;
    const record: CaseRecord = { n, kind, file: path.basename(file), base: base.name, initial: initial.text, steps: [{ version: 1, mutations: initial.applied, changes: [{ text: initial.text }] }], failures: [] };
    const fail = (check: Check, version: number, detail: string) => record.failures.push({ check, version, detail });

    // On disk as opened from disk; sometimes beside another (mutated) compose file of the same project.
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, initial.text);
    const onDisk = [file];
    if (r() < 0.3) {
      const sibling = pick(r, corpus.filter((f) => f.kind === 'compose'));
      const siblingFile = path.join(dir, file.endsWith('compose.yaml') ? 'compose.override.yaml' : 'compose.yaml');
      if (siblingFile !== file) {
        fs.writeFileSync(siblingFile, mutate(r, sibling.text, 'compose', base.text, int(r, 0, 2)).text);
        onDisk.push(siblingFile);
      }
    }
    const watched = (type: number) => ({ changes: onDisk.map((f) => ({ uri: pathToFileURL(f).href, type })) });

    let doc = TextDocument.create(uri, kind === 'compose' ? 'yaml' : 'dockerfile', 1, initial.text);
    const texts = new Map<number, string>([[1, initial.text]]);
    try {
      await srv.notify('workspace/didChangeWatchedFiles', watched(1));
      await srv.notify('textDocument/didOpen', { textDocument: { uri, languageId: kind === 'compose' ? 'dockercompose' : 'dockerfile', version: 1, text: initial.text } });
      await afterVersion(1);
      for (let e = int(r, 1, 4); e > 0; e--) {
        const version = doc.version + 1;
        const changes: { range: Range; text: string }[] = [];
        const mutations: string[] = [];
        // Usually one change; sometimes two in one notification (as multi-cursor edits arrive), each relative to the text after the one before.
        // (TextDocument.update changes the document it is given: the scratch copy keeps `doc` at the old version.)
        let scratch = TextDocument.create(uri, doc.languageId, doc.version, doc.getText());
        for (let c = r() < 0.2 ? 2 : 1; c > 0; c--) {
          const m = mutate(r, scratch.getText(), kind, other.text, 1);
          mutations.push(...m.applied);
          const change = changeBetween(scratch, m.text);
          changes.push(change);
          scratch = TextDocument.update(scratch, [change], scratch.version);
        }
        doc = TextDocument.update(doc, changes, version);
        texts.set(version, doc.getText());
        record.steps.push({ version, mutations, changes });
        await srv.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
        // Sometimes a request races the change, as hovering while typing does: only its answer is checked.
        const racing = r() < 0.25 ? [ask('textDocument/hover', { textDocument: { uri }, position: randomPosition(r, doc) }, version), ask('textDocument/completion', { textDocument: { uri }, position: randomPosition(r, doc) }, version)] : [];
        for (const p of racing) p.catch(() => undefined); // handled: the await below, or the case already failed
        await afterVersion(version);
        await Promise.all(racing);
      }
      await srv.notify('textDocument/didClose', { textDocument: { uri } });
      fs.rmSync(dir, { recursive: true, force: true });
      await srv.notify('workspace/didChangeWatchedFiles', watched(3));
    } catch (e) {
      if (e instanceof ServerExited) fail('server-exit', doc.version, `${e.message}\n${srv.stderrTail().slice(-4000)}`);
      else if (e instanceof Hang) fail(/diagnostics/.test(e.message) ? 'diagnostics-hang' : 'request-hang', doc.version, e.message);
      else if (!(e instanceof Stop)) throw e;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      srv.forget(uri);
    }
    if (srv.loggedFailures.length) fail('check-failed', doc.version, `the server logged: ${srv.loggedFailures.splice(0).join('\n')}`);
    return record;

    /** Checks of one version: its diagnostics, then requests at random positions, then code actions and their fixes. */
    async function afterVersion(version: number): Promise<void> {
      const t = performance.now();
      const diagnostics = await srv.diagnostics(uri, version, hangMs);
      summary.msByWait.diagnostics = (summary.msByWait.diagnostics ?? 0) + performance.now() - t;
      summary.versions++;
      const text = texts.get(version)!;
      const lengths = lineLengths(text);
      for (const d of diagnostics) {
        const problem = rangeProblem(d.range, lengths);
        if (problem) fail('diagnostic-range', version, `${d.code}: ${problem}`);
        if (d.code === 'internal-error') fail('check-failed', version, d.message);
      }
      const at = () => ({ textDocument: { uri }, position: randomPosition(r, doc) });
      // Ranges in answers about this document must lie inside it too (the editor would place an edit or a selection there).
      const inside = (what: string, range: Range | undefined) => {
        const problem = range === undefined ? undefined : rangeProblem(range, lengths);
        if (problem) fail('response-range', version, `${what}: ${problem}`);
      };
      const hover = await ask<{ range?: Range } | null>('textDocument/hover', at(), version);
      inside('hover', hover?.range);
      const completion = await ask<CompletionItem[] | { items: CompletionItem[] } | null>('textDocument/completion', at(), version);
      for (const item of (Array.isArray(completion) ? completion : completion?.items) ?? []) {
        const edit = item.textEdit;
        inside(`completion "${item.label}"`, edit && ('range' in edit ? edit.range : edit.insert));
        if (edit && 'replace' in edit) inside(`completion "${item.label}" (replace)`, edit.replace);
        for (const extra of item.additionalTextEdits ?? []) inside(`completion "${item.label}" (additional edit)`, extra.range);
      }
      const definition = await ask<Location | Location[] | LocationLink[] | null>('textDocument/definition', at(), version);
      for (const loc of definition ? (Array.isArray(definition) ? definition : [definition]) : []) {
        if ('targetUri' in loc) {
          if (loc.targetUri === uri) inside('definition', loc.targetRange), inside('definition (selection)', loc.targetSelectionRange);
        } else if (loc.uri === uri) inside('definition', loc.range);
      }
      const symbols = await ask<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } }, version);
      const walk = (list: DocumentSymbol[]) => {
        for (const sym of list) {
          if (!('range' in sym)) continue;
          inside(`symbol "${sym.name}"`, sym.range);
          inside(`symbol "${sym.name}" (selection)`, sym.selectionRange);
          // VS Code rejects the whole outline when a selection range is not inside its symbol's range.
          if (!contains(sym.range, sym.selectionRange)) fail('response-range', version, `symbol "${sym.name}": selection ${JSON.stringify(sym.selectionRange)} is not inside ${JSON.stringify(sym.range)}`);
          if (sym.children) walk(sym.children);
        }
      };
      walk(symbols ?? []);

      const parsedBefore = kind === 'compose' && parsesAsYaml(text);
      const actions: CodeAction[] = [];
      const ranges: Range[] = [];
      if (diagnostics.length) ranges.push(pick(r, diagnostics).range);
      const p = randomPosition(r, doc);
      ranges.push({ start: p, end: p });
      for (const range of ranges) {
        const context = { diagnostics: diagnostics.filter((d) => overlaps(d.range, range)), triggerKind: 1 };
        actions.push(...((await ask<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context }, version)) ?? []));
      }
      if (r() < 0.3) {
        const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
        actions.push(...((await ask<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics, only: ['source.fixAll'], triggerKind: 2 } }, version)) ?? []));
      }
      let resolves = 0;
      for (let action of actions) {
        if (!action || typeof action !== 'object' || !('title' in action)) continue; // a Command, not a CodeAction
        if (!action.edit && action.data !== undefined && resolves++ < 4) action = (await ask<CodeAction>('codeAction/resolve', action, version)) ?? action;
        if (action.edit) checkFix(action, version, text, lengths, parsedBefore);
      }
      const rss = srv.rssMb();
      summary.maxRssMb = Math.max(summary.maxRssMb, rss);
      if (rss > rssLimitMb) {
        fail('memory', version, `server RSS ${rss.toFixed(0)} MB > ${rssLimitMb} MB`);
        throw new Stop();
      }
    }

    function checkFix(action: CodeAction, version: number, text: string, lengths: number[], parsedBefore: boolean): void {
      summary.fixesChecked++;
      const { edits, problem } = editsFor(action.edit!, uri, version);
      if (problem) return void fail('fix-edit-range', version, `"${action.title}": ${problem}`);
      for (const edit of edits) {
        const bad = rangeProblem(edit.range, lengths);
        if (bad) return void fail('fix-edit-range', version, `"${action.title}": ${bad}`);
      }
      const fixDoc = TextDocument.create(uri, 'yaml', version, text);
      const spans = edits.map((e) => [fixDoc.offsetAt(e.range.start), fixDoc.offsetAt(e.range.end)]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 1; i < spans.length; i++) {
        if (spans[i][0] < spans[i - 1][1]) return void fail('fix-edit-range', version, `"${action.title}": overlapping edits ${JSON.stringify(spans)}`);
      }
      if (!parsedBefore) return;
      const fixed = TextDocument.applyEdits(fixDoc, edits);
      if (!parsesAsYaml(fixed)) fail('fix-breaks-yaml', version, `"${action.title}" (${action.kind}) turns YAML that parses into YAML that does not:\n--- fixed text ---\n${fixed}`);
    }

    /** One request; its error response (other than cancelled / content modified) is a failure, a hang or exit ends the case. */
    async function ask<R>(method: string, params: unknown, version: number): Promise<R | undefined> {
      summary.requests++;
      const t = performance.now();
      try {
        return await srv.request<R>(method, params, hangMs);
      } catch (e) {
        if (e instanceof ResponseError) {
          if (e.code !== CANCELLED && e.code !== CONTENT_MODIFIED) fail('request-error', version, `${method} ${JSON.stringify(params).slice(0, 300)} → ${e.code} ${e.message}`);
          return undefined;
        }
        throw e;
      } finally {
        summary.msByWait[method] = (summary.msByWait[method] ?? 0) + performance.now() - t;
      }
    }
  }
}

/** Ends a case early after a failure that leaves nothing sensible to check. */
class Stop extends Error {}

function contains(outer: Range, inner: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** A valid position: a random offset, sometimes a line end or the end of the document. */
function randomPosition(r: Rand, doc: TextDocument): Position {
  const text = doc.getText();
  const roll = r();
  if (roll < 0.1) return doc.positionAt(text.length);
  const p = doc.positionAt(int(r, 0, text.length));
  if (roll < 0.25) return { line: p.line, character: lineLengths(text)[p.line] ?? 0 };
  return p;
}

function writeFailure(root: string, seed: number, record: CaseRecord, stderr: string, suffix = ''): string {
  const dir = path.join(root, `${seed}-${record.n}${suffix}`);
  fs.mkdirSync(dir, { recursive: true });
  const ext = record.kind === 'compose' ? '.yaml' : '.Dockerfile';
  fs.writeFileSync(path.join(dir, `input${ext}`), record.initial);
  let text = record.initial;
  for (const step of record.steps.slice(1)) {
    let doc = TextDocument.create('file:///x', 'x', step.version - 1, text);
    doc = TextDocument.update(doc, step.changes as { range: Range; text: string }[], step.version);
    text = doc.getText();
    fs.writeFileSync(path.join(dir, `v${step.version}${ext}`), text);
  }
  fs.writeFileSync(path.join(dir, 'steps.json'), JSON.stringify({ seed, case: record.n, kind: record.kind, file: record.file, base: record.base, steps: record.steps }, null, 1));
  fs.writeFileSync(path.join(dir, 'failures.json'), JSON.stringify(record.failures, null, 1));
  fs.writeFileSync(path.join(dir, 'server-stderr.txt'), stderr);
  fs.writeFileSync(path.join(dir, 'replay.txt'), `AI_STACK_FUZZ_SEED=${seed} AI_STACK_FUZZ_ONLY=${record.n} npm run fuzz:lsp\n`);
  return dir;
}

/** One line: each failed check once, with its first detail and how often it failed in the case. */
function describe(failures: Failure[]): string {
  const byCheck = new Map<Check, Failure[]>();
  for (const f of failures) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  return [...byCheck].map(([check, list]) => `${check} ×${list.length} (v${list[0].version}: ${list[0].detail.split('\n')[0].slice(0, 240)})`).join('; ');
}

export function summaryLine(s: FuzzSummary): string {
  const checks = Object.entries(s.byCheck).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  return (
    `lsp fuzz: seed ${s.seed}, ${s.cases} cases (${s.composeCases} compose, ${s.dockerfileCases} Dockerfile), ${s.versions} versions, ${s.requests} requests, ` +
    `${s.fixesChecked} fixes checked, ${s.failedCases} failed cases [${checks}], max server RSS ${s.maxRssMb.toFixed(0)} MB, ${(s.ms / 1000).toFixed(1)} s`
  );
}
