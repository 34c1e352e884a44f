/**
 * The bundles as the extension ships them (`npm run package`: minified, no source maps), laid out as in
 * the installed extension (`dist/` beside `docs/`), built once into a temporary folder. The language
 * server and CLI benchmarks measure these by default: the development bundle in dist/ keeps every
 * comment, and V8 holds the whole script text (as two-byte text, because comments hold non-ASCII
 * characters), which a user's editor never loads.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
let built: string | undefined;

/** The folder of the shipped bundles (server.js, cli.js, …), built on first use. */
export function shippedDist(): string {
  if (built) return built;
  const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-stack-shipped-'));
  process.on('exit', () => fs.rmSync(ext, { recursive: true, force: true }));
  const dist = path.join(ext, 'dist');
  execFileSync(process.execPath, ['build.mjs', '--production', '--outdir', dist], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.mkdirSync(path.join(ext, 'docs'));
  fs.copyFileSync(path.join(root, 'docs', 'rules.md'), path.join(ext, 'docs', 'rules.md'));
  return (built = dist);
}
