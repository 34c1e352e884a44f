/**
 * Reads files from disk for the project model, re-reading only when a file's size or mtime changed.
 * The model asks on every keystroke for `.env` and the other members of the set (and probes the
 * default names, most of which do not exist); a stat without an exception is far cheaper than a read
 * or a thrown ENOENT, and it does not depend on the client sending file-watcher events.
 */
import fs from 'node:fs';

export interface DiskReader {
  (filePath: string): string | undefined;
  /** Drops the cached text of every file `keep` does not want (called when a document is closed). */
  retain(keep: (filePath: string) => boolean): void;
  readonly size: number;
}

export function cachedDiskReader(): DiskReader {
  const known = new Map<string, { mtimeMs: number; size: number; text: string }>();
  const read = (filePath: string): string | undefined => {
    const stat = fs.statSync(filePath, { throwIfNoEntry: false });
    if (!stat?.isFile()) {
      known.delete(filePath);
      return undefined;
    }
    const hit = known.get(filePath);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.text;
    try {
      const text = fs.readFileSync(filePath, 'utf8');
      known.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      known.delete(filePath);
      return undefined;
    }
  };
  const retain = (keep: (filePath: string) => boolean) => {
    for (const p of known.keys()) if (!keep(p)) known.delete(p);
  };
  return Object.defineProperties(read, { retain: { value: retain }, size: { get: () => known.size } }) as DiskReader;
}
