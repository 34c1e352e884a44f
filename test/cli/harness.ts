/** Builds the CLI bundle once per test file and runs it as a real process. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import bundleOptions from '../../scripts/bundleOptions.json';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Bundles server/src/cli/main.ts with build.mjs's esbuild options (scripts/bundleOptions.json), into a temp dir
 * (not dist/: other entries may be mid-edit, and tests must not race `npm run build`).
 */
export async function buildCli(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cli-'));
  const outfile = path.join(dir, 'cli.js');
  await Promise.all([bundle('server/src/cli/main.ts', outfile), bundleTasks(dir)]);
  return outfile;
}

/** The shipped layout: the launcher as cli.js beside the CLI bundle cli-main.js. Returns the launcher. */
export async function buildLauncher(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-launcher-'));
  await Promise.all([bundle('server/src/cli/launcher.ts', path.join(dir, 'cli.js')), bundle('server/src/cli/main.ts', path.join(dir, 'cli-main.js')), bundleTasks(dir)]);
  return path.join(dir, 'cli.js');
}

/** The task commands' bundle, which the CLI bundle requires from its own folder (as dist/cli-tasks.js). */
function bundleTasks(dir: string): Promise<void> {
  return bundle('server/src/cli/cli-tasks.ts', path.join(dir, 'cli-tasks.js'));
}

async function bundle(entry: string, outfile: string): Promise<void> {
  await esbuild.build({ ...(bundleOptions as esbuild.BuildOptions), entryPoints: [path.join(repoRoot, entry)], outfile, logLevel: 'error' });
}

export function runCli(cli: string, args: string[], cwd: string, options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000, ...options });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** An unhardened service with findings of several rules, one published port and comments to keep. */
export const UNHARDENED = `# the app stack
services:
  api: # FastAPI
    image: python:3.12.8-slim
    ports:
      - "8000:8000" # http
`;
