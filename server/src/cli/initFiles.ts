/** What `ai-stack init` reads from disk: app folders, compose projects and project files, as the editor finds them. */
import fs from 'node:fs';
import path from 'node:path';
import { APP_MARKERS, APP_SKIP_DIRS, COMPOSE_FILE_NAME, compareFolders, MAX_FOLDERS, PROJECT_DIRS, PROJECT_FILES } from '../scaffold';

/** Compose's own order of default file names (`docker compose` without -f). */
export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * Folders under `root` (itself included) holding a file that `matches`, nearest first. Skipped
 * folders are never entered and symbolic links never followed (no loops); stops at MAX_FOLDERS.
 */
function foldersWith(root: string, matches: (name: string) => boolean, skip: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const queue = [root];
  // Breadth first, so the nearest folders are found before the limit is reached.
  while (queue.length && found.length < MAX_FOLDERS) {
    const dir = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: the editor's search skips it too
    }
    if (entries.some((e) => e.isFile() && matches(e.name))) found.push(dir);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) if (e.isDirectory() && !skip.has(e.name)) queue.push(path.join(dir, e.name));
  }
  return found.sort((a, b) => compareFolders(slash(path.relative(root, a)), slash(path.relative(root, b))));
}

const APP_SKIP = new Set<string>(APP_SKIP_DIRS);

/** App folders (package.json, requirements.txt, pyproject.toml, Pipfile) under root, nearest first. */
export function findAppFolders(root: string): string[] {
  return foldersWith(root, (n) => (APP_MARKERS as readonly string[]).includes(n), APP_SKIP);
}

export function isAppFolder(dir: string): boolean {
  return APP_MARKERS.some((m) => fs.existsSync(path.join(dir, m)));
}

/** Each folder under root with compose files, and those files (sorted): one compose project per folder. */
export function findComposeProjects(root: string): { dir: string; files: string[] }[] {
  return foldersWith(root, (n) => COMPOSE_FILE_NAME.test(n), new Set(['node_modules', '.git'])).map((dir) => ({
    dir,
    files: fs.readdirSync(dir).filter((n) => COMPOSE_FILE_NAME.test(n) && fs.statSync(path.join(dir, n)).isFile()).sort().map((n) => path.join(dir, n)),
  }));
}

/** The files project detection reads, as `detectProject` wants them (directories with an empty text and a trailing slash). */
export function readProject(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of PROJECT_FILES) {
    const text = readText(path.join(folder, f));
    if (text !== undefined) files[f] = text;
  }
  for (const d of PROJECT_DIRS) if (isDir(path.join(folder, d))) files[d] = '';
  return files;
}

export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function slash(p: string): string {
  return p.split(path.sep).join('/');
}
