/** Turns the paths and globs of `ai-stack check` into the list of files to check. */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { fileKind } from '../engine/analysis';

export type FileKind = 'compose' | 'dockerfile';

export interface InputFile {
  /** Absolute path. */
  path: string;
  kind: FileKind;
  /** Named on the command line (not found by walking a directory or matching a glob). */
  explicit: boolean;
}

export interface Collected {
  files: InputFile[];
  /** Inputs that could not be used: nonexistent paths, unreadable directories, globs matching nothing. */
  problems: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML = /\.ya?ml$/i;

export function collectFiles(inputs: readonly string[], cwd: string): Collected {
  const found = new Map<string, InputFile>();
  const problems: string[] = [];
  const add = (file: InputFile): void => {
    if (!found.has(file.path)) found.set(file.path, file);
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats | undefined;
    let error: string | undefined;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      error = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
    if (stat?.isDirectory()) {
      walk(abs, problems, (file) => {
        const kind = fileKind(file);
        if (kind) add({ path: file, kind, explicit: false });
      });
    } else if (stat?.isFile()) {
      const kind = explicitKind(abs);
      if (kind) add({ path: abs, kind, explicit: true });
      else problems.push(`${input}: not a compose file or Dockerfile (expected a .yml/.yaml file, or a name like Dockerfile, Dockerfile.prod, Dockerfile-cuda, api.Dockerfile or Containerfile)`);
    } else if (stat) {
      // Reading a FIFO waits for a writer, a device such as /dev/zero never ends: only regular files are checked.
      problems.push(`${input}: not a regular file (${fileType(stat)}): only regular files can be checked`);
    } else if (error === 'ENOENT' && picomatch.scan(input).isGlob) {
      // Counted here, not by the growth of `found`: files an earlier path already found match too.
      if (matchGlob(input, cwd, problems, add) === 0) problems.push(`${input}: no compose file or Dockerfile matches this pattern`);
    } else {
      problems.push(`${input}: ${statError(error)}`);
    }
  }
  return { files: [...found.values()], problems };
}

/** A file the user named: any YAML file is read as compose; otherwise the name must say Dockerfile. */
export function explicitKind(file: string): FileKind | undefined {
  return fileKind(file) ?? (YAML.test(file) ? 'compose' : undefined);
}

function matchGlob(pattern: string, cwd: string, problems: string[], add: (f: InputFile) => void): number {
  const absolute = path.isAbsolute(pattern);
  const normalized = pattern.split(path.sep).join('/');
  const scan = picomatch.scan(normalized);
  const base = path.resolve(cwd, scan.base || '.');
  const isMatch = picomatch(absolute ? normalized : normalized.replace(/^\.\//, ''), { dot: true });
  if (!statOrUndefined(base)?.isDirectory()) return 0;
  let matched = 0;
  walk(base, problems, (file) => {
    const candidate = absolute ? file.split(path.sep).join('/') : path.relative(cwd, file).split(path.sep).join('/');
    if (!isMatch(candidate)) return;
    const kind = explicitKind(file);
    if (kind) {
      matched++;
      add({ path: file, kind, explicit: false });
    }
  });
  return matched;
}

/** Depth-first walk in name order (stable output); symlinked directories are not followed (no loops). */
function walk(dir: string, problems: string[], visit: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problems.push(`${dir}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, problems, visit);
    } else if (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile())) {
      visit(full);
    }
  }
}

/** The message for a path that cannot be stat'ed (never a stack trace). */
export function statError(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop?)';
    case 'ENOTDIR':
      return 'not a directory: a part of this path is a file';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read (${code ?? 'unknown error'})`;
  }
}

export function fileType(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
