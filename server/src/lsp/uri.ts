import { fileURLToPath, pathToFileURL } from 'node:url';

/** file: URIs ↔ paths; other schemes (untitled:, vscode-vfs:) keep the URI as their "path". */
export const URI = {
  toPath(uri: string): string {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  },
  fromPath(p: string): string {
    return p.includes('://') || p.startsWith('untitled:') ? p : pathToFileURL(p).toString();
  },
};
