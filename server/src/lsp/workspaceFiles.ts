/**
 * The compose files and Dockerfiles of a workspace folder, as the background check sees them:
 * names by the engine's patterns (`fileKind` with the compose patterns of the settings, as the
 * CLI), minus what the user excluded — `files.exclude`, `.gitignore` files (nested ones too) and
 * `.ai-stack.json` `ignore`. Directories are read asynchronously, one at a time, so a large tree
 * never blocks the server; symlinked directories are not followed (no loops), as in the CLI walk.
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { fileKind, isIgnoredByConfig, ResolvedConfig } from '../engine';

/** Never walked, whatever the settings say: the CLI's directory walk skips them too. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);
const GITIGNORE = '.gitignore';

export interface ScanOptions {
  composePatterns: readonly string[];
  /** `files.exclude` globs of the folder (relative to it). */
  excludes: readonly string[];
  configFor(file: string): ResolvedConfig;
  /** Called between directories: returns false to stop (the scan was cancelled). */
  proceed(): Promise<boolean>;
}

interface IgnoreRule {
  match: (rel: string) => boolean;
  negate: boolean;
  dirOnly: boolean;
}

/** The rules of one `.gitignore`, relative to its directory. */
export interface GitIgnoreFile {
  dir: string;
  rules: IgnoreRule[];
}

export function parseGitIgnore(dir: string, text: string): GitIgnoreFile {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    if (!line) continue;
    // A slash at the start or in the middle anchors the pattern to this directory; else it matches at any depth.
    const anchored = line.includes('/');
    const glob = anchored ? line.replace(/^\//, '') : `**/${line}`;
    rules.push({ match: picomatch(glob, { dot: true }), negate, dirOnly });
  }
  return { dir, rules };
}

/** Whether the `.gitignore` files (outermost first) ignore a path; the last matching rule wins, as in git. */
export function isGitIgnored(files: readonly GitIgnoreFile[], target: string, isDir: boolean): boolean {
  let ignored = false;
  for (const file of files) {
    const rel = path.relative(file.dir, target).split(path.sep).join('/');
    if (!rel || rel.startsWith('../')) continue;
    for (const rule of file.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.match(rel)) ignored = !rule.negate;
    }
  }
  return ignored;
}

export class FolderFilter {
  private readonly excluded: (rel: string) => boolean;

  constructor(
    readonly folder: string,
    private readonly options: Pick<ScanOptions, 'composePatterns' | 'excludes' | 'configFor'>,
  ) {
    this.excluded = options.excludes.length ? picomatch([...options.excludes], { dot: true }) : () => false;
  }

  /** A directory the walk does not enter. */
  skipsDir(dir: string, gitignores: readonly GitIgnoreFile[]): boolean {
    return ALWAYS_SKIPPED.has(path.basename(dir)) || this.excluded(this.rel(dir)) || isGitIgnored(gitignores, dir, true);
  }

  /** The kind of a file the background check covers, or undefined when it does not. */
  kindOf(file: string, gitignores: readonly GitIgnoreFile[]): 'compose' | 'dockerfile' | undefined {
    const kind = fileKind(file, this.options.composePatterns as string[]);
    if (!kind || this.excluded(this.rel(file)) || isGitIgnored(gitignores, file, false)) return undefined;
    return isIgnoredByConfig(this.options.configFor(file), file) ? undefined : kind;
  }

  /** The same answer for one file, without a walk (a file created after the scan): its directories are checked on the way down. */
  covers(file: string): boolean {
    const gitignores = this.gitIgnoresAbove(path.dirname(file));
    return gitignores !== undefined && this.kindOf(file, gitignores) !== undefined;
  }

  /** The `.gitignore` files that apply inside `dir` (its own included), or undefined when `dir` is outside the folder or skipped. */
  gitIgnoresAbove(dir: string): GitIgnoreFile[] | undefined {
    const rel = path.relative(this.folder, dir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const gitignores: GitIgnoreFile[] = [];
    let at = this.folder;
    for (const part of rel.split(path.sep).filter((p) => p && p !== '.')) {
      pushGitIgnore(gitignores, at);
      at = path.join(at, part);
      if (this.skipsDir(at, gitignores)) return undefined;
    }
    pushGitIgnore(gitignores, at);
    return gitignores;
  }

  private rel(p: string): string {
    return path.relative(this.folder, p).split(path.sep).join('/');
  }
}

function pushGitIgnore(stack: GitIgnoreFile[], dir: string): void {
  let text: string | undefined;
  try {
    text = fs.readFileSync(path.join(dir, GITIGNORE), 'utf8');
  } catch {
    return;
  }
  stack.push(parseGitIgnore(dir, text));
}

/** Every file of the folder the background check covers, directory by directory (name order). */
export function scanFolder(folder: string, options: ScanOptions): Promise<string[] | undefined> {
  return scanTree(new FolderFilter(folder, options), folder, options.proceed);
}

/** The same for one directory of a folder (a directory created after the scan); undefined when cancelled. */
export async function scanTree(filter: FolderFilter, start: string, proceed: () => Promise<boolean>): Promise<string[] | undefined> {
  const out: string[] = [];
  const above = start === filter.folder ? [] : filter.gitIgnoresAbove(start);
  if (!above) return out;
  const walk = async (dir: string, inherited: readonly GitIgnoreFile[]): Promise<boolean> => {
    if (!(await proceed())) return false;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return true; // unreadable directory: nothing to check there
    }
    const gitignores = [...inherited];
    // The start directory's own .gitignore is already among `above` for a subtree.
    if (!(dir === start && start !== filter.folder) && entries.some((e) => e.name === GITIGNORE && e.isFile())) {
      try {
        gitignores.push(parseGitIgnore(dir, await fs.promises.readFile(path.join(dir, GITIGNORE), 'utf8')));
      } catch {
        // unreadable .gitignore: nothing ignored by it
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isFile() && filter.kindOf(full, gitignores)) out.push(full);
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !filter.skipsDir(full, gitignores) && !(await walk(full, gitignores))) return false;
    }
    return true;
  };
  return (await walk(start, start === filter.folder ? [] : above)) ? out : undefined;
}

/**
 * The files the background check lists, with a count of listed files below each directory: whether
 * a deleted path held any (a folder reported alone) is one lookup, not a walk over the list. The
 * client reports every deletion, most of them of unrelated files.
 */
export class ListedFiles implements Iterable<string> {
  private readonly files = new Set<string>();
  /** Directory → listed files at any depth below it. */
  private readonly below = new Map<string, number>();

  get size(): number {
    return this.files.size;
  }
  has(file: string): boolean {
    return this.files.has(file);
  }
  add(file: string): void {
    if (this.files.has(file)) return;
    this.files.add(file);
    this.count(file, 1);
  }
  delete(file: string): boolean {
    if (!this.files.delete(file)) return false;
    this.count(file, -1);
    return true;
  }
  clear(): void {
    this.files.clear();
    this.below.clear();
  }
  /** Whether a listed file lies below `dir` (at any depth). */
  holdsUnder(dir: string): boolean {
    return this.below.has(dir);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.files.values();
  }

  private count(file: string, delta: number): void {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const n = (this.below.get(dir) ?? 0) + delta;
      if (n > 0) this.below.set(dir, n);
      else this.below.delete(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
}
