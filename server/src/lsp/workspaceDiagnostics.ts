/**
 * Diagnostics for the files of the workspace that are not open (`aiStack.diagnostics.scope`:
 * `workspace`, the default). A scan lists the compose files and Dockerfiles of every folder
 * (workspaceFiles.ts), then checks them one at a time from disk, in the background:
 * - it gives way to the editor: one file per turn of the event loop, and none while the user is
 *   typing (a check of an open document pending, or one within the last second), so a keystroke
 *   waits at most for the one file under way;
 * - it can be cancelled (a new scan, a settings change, the progress's Cancel button, shutdown);
 * - it keeps nothing of a checked file (its parse and projects are released unless an open
 *   document's set reads them): memory stays that of the open documents plus the file list;
 * - an open document's live buffer wins: open files are skipped, and a closed one is checked from
 *   disk again; the client's file watcher keeps the results current (changed, created, deleted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Diagnostic, FileChangeType, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKind } from '../engine';
import type { Analysis } from '../engine';
import type { ServerContext } from './context';
import { checkFailed, findingDiagnostics } from './diagnostics';
import { URI } from './uri';
import { FolderFilter, ListedFiles, scanFolder, scanTree } from './workspaceFiles';
import { innermostFolder, isUnder } from '../engine/paths';

/** While the user is typing, background work looks again after this long. */
const YIELD_TO_EDITOR_MS = 50;
/** Beyond this many files the rest of the workspace is not checked in the background (the file list stays bounded). */
export const MAX_BACKGROUND_FILES = 20000;

export interface BackgroundHooks {
  /** The analysis of a text (the server's, uncached). */
  analyze(doc: TextDocument): Analysis | undefined;
  /** Drops what the analysis of a closed file kept (parses, projects, disk texts). */
  release(filePath: string): void;
  /** What the sets of a just-checked file read besides the file (before `release`). */
  reads(filePath: string): readonly string[];
  /** True while a check of an open document is waiting: background work gives way. */
  editorBusy(): boolean;
  /** `files.exclude` globs of a workspace folder. */
  filesExclude(folder: string): Promise<string[]>;
}

export class WorkspaceDiagnostics {
  progressSupported = false;
  /** Files the last scan found (and files created since); paths. */
  private readonly files = new ListedFiles();
  /** Files waiting for a check, in scan order (directory by directory). */
  private readonly queue = new Set<string>();
  /** URIs this module published diagnostics for (to clear them on delete or when the scope shrinks). */
  private readonly published = new Set<string>();
  private readonly filters = new Map<string, FolderFilter>();
  /**
   * What each checked file's sets read besides the file (`extends`/`include` targets, `.env`,
   * overrides, built Dockerfiles), kept after its parse and projects are released: a change on disk
   * to one of them, or the deletion of a folder holding one, re-checks the file.
   */
  private readonly reads = new Map<string, readonly string[]>();
  /** Bumped by every new scan and by cancel(): work of an older generation stops. */
  private generation = 0;
  private draining = false;
  private progress: WorkDoneProgressServerReporter | undefined;
  private checked = 0;
  private total = 0;
  /** Resolved when the scan has listed the files and every queued file is checked. */
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: ServerContext,
    private readonly hooks: BackgroundHooks,
  ) {}

  private get enabled(): boolean {
    return this.ctx.settings.diagnosticsScope === 'workspace' && this.ctx.folders.length > 0;
  }

  /** Lists the workspace again and checks every file (settings or `.ai-stack.json`/`.gitignore` changed, or startup). */
  rescan(): void {
    const generation = ++this.generation;
    this.queue.clear();
    this.endProgress();
    if (!this.enabled) {
      this.files.clear();
      this.filters.clear();
      this.clearPublished(() => true);
      this.settleIdle();
      return;
    }
    void this.scan(generation).catch((e) => this.ctx.connection.console.error(`ai-stack: workspace scan failed: ${(e as Error).stack ?? e}`));
  }

  cancel(): void {
    this.generation++;
    this.queue.clear();
    this.endProgress();
    this.settleIdle();
  }

  /** Closed files whose diagnostics depend on an edit in an open document (members of its sets). */
  recheck(paths: readonly string[]): void {
    if (!this.enabled) return;
    for (const p of paths) if (this.files.has(p)) this.queue.add(p);
    this.drain();
  }

  /** A file changed on disk; `affected` are the files whose projects read it. */
  fileChanged(filePath: string, type: FileChangeType, affected: readonly string[]): void {
    if (!this.enabled) return;
    if (path.basename(filePath) === '.gitignore') return this.rescan();
    affected = [...affected, ...this.readersOf(filePath)];
    if (type !== FileChangeType.Deleted && isDirectory(filePath)) {
      this.recheck(affected); // a folder put back (or renamed into place) may hold what a file reads
      return void this.scanCreatedDirectory(filePath);
    }
    if (type === FileChangeType.Deleted && this.unrelated(filePath, affected)) return;
    if (type === FileChangeType.Deleted) {
      this.files.delete(filePath);
      this.queue.delete(filePath);
      const uri = URI.fromPath(filePath);
      if (this.published.delete(uri) && !this.ctx.documents.get(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      // A deleted folder is reported as the folder alone (the watcher drops its children's events).
      this.forgetUnder(filePath);
    } else if (this.files.has(filePath) || this.filterFor(filePath)?.covers(filePath)) {
      if (this.files.size < MAX_BACKGROUND_FILES) this.files.add(filePath);
      this.queue.add(filePath);
    }
    // `.env`, an override or a built Dockerfile: the members of the sets that read it; and a new or
    // deleted compose file can change the default set of its directory.
    // (Any other YAML file is watched too, for the extends/include targets: only its readers are re-checked.)
    const dir = path.dirname(filePath);
    const setChanger = fileKind(filePath, this.ctx.settings.composeFilePatterns as string[]) !== undefined || path.basename(filePath).startsWith('.env');
    for (const f of this.files) if (affected.includes(f) || (setChanger && path.dirname(f) === dir)) this.queue.add(f);
    this.queue.delete(type === FileChangeType.Deleted ? filePath : '');
    this.drain();
  }

  /** Listed files whose sets read `changed` or something under it (a folder). */
  private readersOf(changed: string): string[] {
    const out: string[] = [];
    for (const [file, read] of this.reads) {
      if (!this.files.has(file)) this.reads.delete(file);
      else if (read.some((r) => r === changed || isUnder(r, changed))) out.push(file);
    }
    return out;
  }

  /** A deleted path nothing here depends on: no compose file or Dockerfile by name, none under it, none reading it (the client reports every deletion, to catch folders). */
  private unrelated(filePath: string, affected: readonly string[]): boolean {
    // (What this module published is of listed files: the list answers for both.)
    return !affected.length && !this.files.has(filePath) && !this.files.holdsUnder(filePath) && !fileKind(filePath, this.ctx.settings.composeFilePatterns as string[]);
  }

  /** Everything listed under a deleted folder leaves the list, and its diagnostics are cleared. */
  private forgetUnder(dir: string): void {
    if (!this.files.holdsUnder(dir)) return;
    for (const f of this.files) {
      if (!isUnder(f, dir)) continue;
      this.files.delete(f);
      this.queue.delete(f);
    }
    const prefix = URI.fromPath(dir) + '/';
    this.clearPublished((uri) => uri.startsWith(prefix));
  }

  /**
   * Workspace folders were removed (and perhaps others added): the files of a removed folder are no
   * longer the workspace's, so their diagnostics are cleared at once (unless another folder still
   * holds them), then the remaining folders are listed again. `ctx.folders` is already the new list.
   */
  foldersChanged(removed: readonly string[]): void {
    const inRemoved = (p: string) => removed.some((r) => isUnder(p, r));
    const kept = (p: string) => this.ctx.folders.some((f) => isUnder(p, f));
    for (const f of [...this.files]) {
      if (!inRemoved(f) || kept(f)) continue;
      this.files.delete(f);
      this.queue.delete(f);
    }
    this.clearPublished((uri) => {
      const p = URI.toPath(uri);
      return inRemoved(p) && !kept(p);
    });
    this.rescan();
  }

  /** A directory appeared (a checkout, an unzip): the watcher may report only it, not the files in it. */
  private async scanCreatedDirectory(dir: string): Promise<void> {
    const filter = this.filterFor(dir);
    if (!filter) return;
    const generation = this.generation;
    const found = await scanTree(filter, dir, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return generation === this.generation;
    });
    if (!found || generation !== this.generation) return;
    for (const f of found) {
      if (this.files.size < MAX_BACKGROUND_FILES) this.files.add(f);
      if (!this.ctx.documents.get(URI.fromPath(f))) this.queue.add(f);
    }
    this.drain();
  }

  opened(filePath: string): void {
    this.queue.delete(filePath);
  }

  /** A document was closed: true when its disk diagnostics will be published again (else the caller clears them). */
  closed(filePath: string): boolean {
    if (!this.enabled || !this.files.has(filePath)) return false;
    this.queue.add(filePath);
    this.drain();
    return true;
  }

  /** Resolves when no scan or check is under way. */
  idle(): Promise<void> {
    if (!this.draining && !this.queue.size && !this.scanning) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Scans listing files right now (an old one may still be winding down after a new one started). */
  private activeScans = 0;
  private get scanning(): boolean {
    return this.activeScans > 0;
  }

  private async scan(generation: number): Promise<void> {
    this.activeScans++;
    const proceed = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return generation === this.generation;
    };
    const found: string[] = [];
    this.filters.clear();
    try {
      for (const folder of this.ctx.folders) {
        const excludes = await this.hooks.filesExclude(folder);
        const options = { composePatterns: this.ctx.settings.composeFilePatterns, excludes, configFor: (f: string) => this.ctx.configs.forFile(f), proceed };
        this.filters.set(folder, new FolderFilter(folder, options));
        const files = await scanFolder(folder, options);
        if (!files) break; // cancelled: a newer generation exists
        found.push(...files);
      }
    } finally {
      this.activeScans--;
    }
    if (generation !== this.generation) return this.settleIdle();
    if (found.length > MAX_BACKGROUND_FILES) {
      this.ctx.connection.console.warn(`ai-stack: the workspace has ${found.length} compose files and Dockerfiles; only the first ${MAX_BACKGROUND_FILES} are checked in the background (open a file to check it).`);
      found.length = MAX_BACKGROUND_FILES;
    }
    const keep = new Set(found.map((f) => URI.fromPath(f)));
    // Files no longer in scope (now excluded or ignored): their background diagnostics go.
    this.clearPublished((uri) => !keep.has(uri));
    this.files.clear();
    for (const f of found) {
      this.files.add(f);
      if (!this.ctx.documents.get(URI.fromPath(f))) this.queue.add(f);
    }
    this.checked = 0;
    this.total = this.queue.size;
    if (this.progressSupported && this.total > 0) {
      const reporter = await this.ctx.connection.window.createWorkDoneProgress().catch(() => undefined);
      if (generation !== this.generation) {
        reporter?.done();
        return this.settleIdle();
      }
      if (reporter) {
        this.progress = reporter;
        reporter.begin('AI Stack: checking the workspace', 0, `0 of ${this.total} files`, true);
        reporter.token.onCancellationRequested(() => {
          if (this.progress === reporter) this.cancel();
        });
      }
    }
    this.drain();
  }

  /** Checks queued files one per turn of the event loop until the queue is empty or a new generation starts. */
  private drain(): void {
    if (this.draining || this.scanning) return;
    if (!this.queue.size) return this.finish();
    this.draining = true;
    const generation = this.generation;
    let held: string[] = [];
    const releaseHeld = () => {
      for (const f of held) this.hooks.release(f);
      held = [];
    };
    const step = () => {
      if (generation !== this.generation) {
        releaseHeld();
        this.draining = false;
        if (this.queue.size) this.drain();
        else this.settleIdle();
        return;
      }
      // The user is typing (a check of an open document is waiting or just ran): the editor first.
      if (this.hooks.editorBusy()) {
        setTimeout(step, YIELD_TO_EDITOR_MS);
        return;
      }
      const next = this.queue.values().next();
      if (next.done) {
        releaseHeld();
        this.draining = false;
        this.finish();
        return;
      }
      const filePath = next.value;
      this.queue.delete(filePath);
      // The members of a set share one project: keep a directory's parses until the scan leaves it.
      if (held.length && path.dirname(held[0]) !== path.dirname(filePath)) releaseHeld();
      this.check(filePath);
      held.push(filePath);
      this.checked++;
      this.report();
      setImmediate(step);
    };
    setImmediate(step);
  }

  private check(filePath: string): void {
    const uri = URI.fromPath(filePath);
    if (this.ctx.documents.get(uri)) return; // the open buffer's diagnostics stand
    const text = this.ctx.readText(filePath);
    if (text === undefined) {
      if (this.published.delete(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const doc = TextDocument.create(uri, languageOf(filePath, this.ctx.settings.composeFilePatterns), 0, text);
    let diagnostics: Diagnostic[];
    try {
      diagnostics = findingDiagnostics(this.ctx, doc, this.hooks.analyze(doc));
      const read = this.hooks.reads(filePath);
      if (read.length) this.reads.set(filePath, read);
      else this.reads.delete(filePath);
    } catch (e) {
      this.ctx.connection.console.error(`ai-stack: checking ${uri} failed: ${(e as Error).stack ?? e}`);
      diagnostics = [checkFailed(e)];
    }
    if (!diagnostics.length && !this.published.has(uri)) return; // nothing shown, nothing to say
    this.published.add(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics });
  }

  private report(): void {
    if (!this.progress || this.total === 0) return;
    // About a hundred updates per scan, not one per file.
    if (this.checked % Math.max(1, Math.floor(this.total / 100)) !== 0 && this.checked < this.total) return;
    this.progress.report(Math.min(100, Math.round((this.checked / this.total) * 100)), `${Math.min(this.checked, this.total)} of ${this.total} files`);
  }

  private finish(): void {
    this.endProgress();
    this.settleIdle();
  }

  private endProgress(): void {
    this.progress?.done();
    this.progress = undefined;
  }

  private settleIdle(): void {
    if (this.draining || this.scanning || this.queue.size) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private clearPublished(drop: (uri: string) => boolean): void {
    for (const uri of this.published) {
      if (!drop(uri)) continue;
      this.published.delete(uri);
      if (!this.ctx.documents.get(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  private filterFor(filePath: string): FolderFilter | undefined {
    const folder = innermostFolder(this.filters.keys(), filePath);
    return folder ? this.filters.get(folder) : undefined;
  }
}

function isDirectory(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The language id a file found by name would have, so the server judges it as it would the open document. */
function languageOf(filePath: string, composePatterns: readonly string[]): string {
  return fileKind(filePath, composePatterns as string[]) === 'compose' ? 'dockercompose' : 'dockerfile';
}
