/**
 * The shipped `ai-stack` executable is a launcher that loads the CLI bundle with V8's code cache.
 * It must behave exactly as the bundle run directly (output, exit codes), create its cache in the
 * user's cache folder, use it on the next run, survive a corrupt cache, and honour the opt-out.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildCli, buildLauncher, removeDir, runCli, tempDir, UNHARDENED } from './harness';

let launcher: string;
let direct: string;
let project: string;
let cacheHome: string;

before(async () => {
  [launcher, direct] = await Promise.all([buildLauncher(), buildCli()]);
  project = tempDir({ 'compose.yaml': UNHARDENED });
  cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cache-'));
});

after(() => {
  for (const dir of [path.dirname(launcher), path.dirname(direct), project, cacheHome]) removeDir(dir);
});

const env = (extra: Record<string, string> = {}) => ({ ...process.env, XDG_CACHE_HOME: cacheHome, AI_STACK_DEBUG_LAUNCHER: '1', ...extra });
const cacheFiles = () => (fs.existsSync(path.join(cacheHome, 'ai-stack')) ? fs.readdirSync(path.join(cacheHome, 'ai-stack')) : []);

test('the launcher gives the same output and exit codes as the bundle, and re-uses its code cache', () => {
  const expected = runCli(direct, ['check', '.', '--format', 'json'], project);
  assert.equal(expected.code, 1, expected.stderr);

  const first = runCli(launcher, ['check', '.', '--format', 'json'], project, { env: env() });
  assert.match(first.stderr, /code cache missing/);
  assert.equal(first.code, expected.code);
  assert.equal(first.stdout, expected.stdout);
  assert.equal(cacheFiles().filter((f) => f.endsWith('.cache')).length, 1, `one cache file: ${cacheFiles()}`);
  assert.equal(fs.statSync(path.join(cacheHome, 'ai-stack')).mode & 0o777, 0o700, 'the cache folder is private');

  const second = runCli(launcher, ['check', '.', '--format', 'json'], project, { env: env() });
  assert.match(second.stderr, /code cache used/);
  assert.equal(second.code, expected.code);
  assert.equal(second.stdout, expected.stdout);

  const usage = runCli(launcher, ['nonsense'], project, { env: env() });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown command "nonsense"/);
});

test('a corrupt cache is rejected and rewritten; AI_STACK_COMPILE_CACHE=0 writes none', () => {
  runCli(launcher, ['--version'], project, { env: env() });
  const [file] = cacheFiles().filter((f) => f.endsWith('.cache'));
  assert.ok(file, 'a cache file exists');
  fs.writeFileSync(path.join(cacheHome, 'ai-stack', file), 'not a code cache');
  const corrupt = runCli(launcher, ['check', '.'], project, { env: env() });
  assert.match(corrupt.stderr, /code cache rejected/);
  assert.equal(corrupt.code, 1);
  assert.match(corrupt.stdout, /cap-drop-all/);
  assert.match(runCli(launcher, ['--version'], project, { env: env() }).stderr, /code cache used/, 'rewritten after the rejection');

  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cache-'));
  try {
    const off = runCli(launcher, ['--version'], project, { env: env({ XDG_CACHE_HOME: other, AI_STACK_COMPILE_CACHE: '0' }) });
    assert.equal(off.code, 0);
    assert.equal(fs.existsSync(path.join(other, 'ai-stack')), false);
  } finally {
    removeDir(other);
  }
});
