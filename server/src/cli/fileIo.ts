/**
 * Reading and writing the files `ai-stack check` checks and fixes, byte for byte: a UTF-8 BOM is
 * taken off for the engine (as an editor does) and put back on write; a file that is not valid
 * UTF-8 is read with replacement characters but never written; fixes are written atomically
 * (a temp file in the same folder, renamed over the original, with its mode) and only when the
 * file still holds what was read.
 */
import fs from 'node:fs';
import path from 'node:path';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface SourceBytes {
  /** The text the engine sees: decoded, without a leading BOM. */
  text: string;
  /** The file's bytes as read. */
  bytes: Buffer;
  bom: boolean;
  /** False when the bytes are not valid UTF-8 (then `text` has U+FFFD in their place). */
  utf8: boolean;
  /** The file's stat when it was read. */
  stat: fs.Stats;
}

export class FileChangedError extends Error {}

/** Reads a regular file (the caller has checked it is one). Throws the fs error when it cannot. */
export function readSource(file: string): SourceBytes {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const bytes = fs.readFileSync(fd);
    const bom = bytes.subarray(0, 3).equals(BOM);
    const body = bom ? bytes.subarray(3) : bytes;
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), bytes, bom, utf8: true, stat };
    } catch {
      return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), bytes, bom, utf8: false, stat };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces the file's content with `text` (plus the BOM it had). Refuses (FileChangedError) when the
 * file no longer holds the bytes it was read with. Symlinks are written through (the link stays a
 * link); a file with other hard links is written in place so that the links keep sharing it.
 */
export function writeFixed(file: string, source: SourceBytes, text: string): void {
  if (!source.utf8) throw new Error('not valid UTF-8: not written');
  const bytes = source.bom ? Buffer.concat([BOM, Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8');
  const target = fs.realpathSync(file);
  const unchanged = (): boolean => {
    const now = fs.statSync(target);
    return now.ino === source.stat.ino && now.dev === source.stat.dev && now.size === source.bytes.length && fs.readFileSync(target).equals(source.bytes);
  };
  if (!unchanged()) throw new FileChangedError('changed on disk since it was read, not fixed (run the check again)');
  if (source.stat.nlink > 1) {
    fs.writeFileSync(target, bytes);
    return;
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.ai-stack-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw e;
    // A writable file in a folder we may not create files in: in place is all we can do.
    fs.writeFileSync(target, bytes);
    return;
  }
  let open = true;
  let renamed = false;
  try {
    fs.writeFileSync(fd, bytes);
    fs.fchmodSync(fd, source.stat.mode & 0o7777);
    let owned = true;
    if (source.stat.uid !== process.getuid?.() || source.stat.gid !== process.getgid?.()) {
      try {
        fs.fchownSync(fd, source.stat.uid, source.stat.gid);
      } catch {
        owned = false;
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    open = false;
    if (!owned) {
      // Renaming would hand the file to us: write it in place, as its owner allowed us to.
      fs.writeFileSync(target, bytes);
      return;
    }
    if (!unchanged()) throw new FileChangedError('changed on disk since it was read, not fixed (run the check again)');
    fs.renameSync(tmp, target);
    renamed = true;
  } finally {
    if (open) fs.closeSync(fd);
    if (!renamed) fs.rmSync(tmp, { force: true });
  }
}
