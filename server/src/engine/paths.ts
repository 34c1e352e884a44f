import path from 'node:path';

/** `p` lies inside the folder `dir` (strictly: a folder is not under itself). Both absolute and resolved. */
export function isUnder(p: string, dir: string): boolean {
  return p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** The innermost of `folders` that holds `p` (nested workspace folders: the deepest wins), if any. */
export function innermostFolder(folders: Iterable<string>, p: string): string | undefined {
  let best: string | undefined;
  for (const f of folders) if (isUnder(p, f) && (best === undefined || f.length > best.length)) best = f;
  return best;
}
