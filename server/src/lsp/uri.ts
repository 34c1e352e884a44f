import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Answers already computed, both ways: the server converts the same few URIs and paths many times
 * per keystroke, and each conversion parses a URL. Forgotten all at once when it grows past a bound.
 */
const paths = new Map<string, string>();
const uris = new Map<string, string>();
const MAX_REMEMBERED = 2000;

function remember(memo: Map<string, string>, from: string, to: string): string {
  if (memo.size >= MAX_REMEMBERED) memo.clear();
  memo.set(from, to);
  return to;
}

/** file: URIs ↔ paths; other schemes (untitled:, vscode-vfs:) keep the URI as their "path". */
export const URI = {
  toPath(uri: string): string {
    if (!uri.startsWith('file:')) return uri;
    return paths.get(uri) ?? remember(paths, uri, fileURLToPath(uri));
  },
  fromPath(p: string): string {
    if (p.includes('://') || p.startsWith('untitled:')) return p;
    return uris.get(p) ?? remember(uris, p, pathToFileURL(p).toString());
  },
};
