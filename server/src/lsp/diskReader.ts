/**
 * Reads files from disk for the project model, re-reading only when a file's size or mtime changed.
 * The model asks on every keystroke for `.env` and the other members of the set (and probes the
 * default names, most of which do not exist); a stat without an exception is far cheaper than a read
 * or a thrown ENOENT, and it does not depend on the client sending file-watcher events.
 */
import fs from 'node:fs';

export function cachedDiskReader(): (filePath: string) => string | undefined {
  const known = new Map<string, { mtimeMs: number; size: number; text: string }>();
  return (filePath) => {
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
}
