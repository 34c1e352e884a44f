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
  runCli(launcher, ['check', '.'], project, { env: env() });
  const files = cacheFiles().filter((f) => f.endsWith('.cache'));
  assert.ok(files.length, 'a cache file exists');
  for (const file of files) fs.writeFileSync(path.join(cacheHome, 'ai-stack', file), 'not a code cache');
  const corrupt = runCli(launcher, ['check', '.'], project, { env: env() });
  assert.match(corrupt.stderr, /code cache rejected/);
  assert.equal(corrupt.code, 1);
  assert.match(corrupt.stdout, /cap-drop-all/);
  assert.match(runCli(launcher, ['check', '.'], project, { env: env() }).stderr, /code cache used/, 'rewritten after the rejection');

  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cache-'));
  try {
    const off = runCli(launcher, ['--version'], project, { env: env({ XDG_CACHE_HOME: other, AI_STACK_COMPILE_CACHE: '0' }) });
    assert.equal(off.code, 0);
    assert.equal(fs.existsSync(path.join(other, 'ai-stack')), false);
  } finally {
    removeDir(other);
  }
});

test('small and large inputs, check and other commands keep caches of their own (V8 rejects a cache made under other flags)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cache-'));
  // Over the launcher's small-input limit (1 MB), so the optimising compiler stays on for it.
  const large = tempDir({ 'compose.yaml': `${UNHARDENED}${'# padding\n'.repeat(110_000)}` });
  try {
    const run = (args: string[], cwd: string) => runCli(launcher, args, cwd, { env: env({ XDG_CACHE_HOME: home }) });
    assert.match(run(['check', '.'], project).stderr, /code cache missing/);
    assert.match(run(['check', '.'], large).stderr, /code cache missing/);
    assert.match(run(['--version'], project).stderr, /code cache missing/);
    for (let i = 0; i < 2; i++) {
      const small = run(['check', '.'], project);
      assert.match(small.stderr, /code cache used\n/, 'the small input re-uses its cache after a large one');
      assert.equal(small.code, 1);
      const big = run(['check', '.'], large);
      assert.match(big.stderr, /code cache used\n/, 'the large input re-uses its cache after a small one');
      assert.match(big.stdout, /cap-drop-all/);
      assert.match(run(['--version'], project).stderr, /code cache used\n/);
    }
  } finally {
    removeDir(home);
    removeDir(large);
  }
});

test('a cache made by a much smaller input is rewritten once by a larger one (it compiled more of the checker)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cache-'));
  const tiny = tempDir({ 'compose.yaml': 'services: {}\n' });
  try {
    const run = (cwd: string) => runCli(launcher, ['check', '.'], cwd, { env: env({ XDG_CACHE_HOME: home }) }).stderr;
    assert.match(run(tiny), /code cache missing/);
    assert.match(run(project), /code cache used \(rewritten at exit: larger input\)/);
    assert.match(run(project), /code cache used\n/);
    assert.match(run(tiny), /code cache used\n/, 'a smaller input keeps the larger cache');
  } finally {
    removeDir(home);
    removeDir(tiny);
  }
});

test('writing a cache removes the caches of earlier builds of the same install and of the old naming, never other installs\'', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-cache-'));
  const dir = path.join(home, 'ai-stack');
  try {
    const run = (args: string[]) => runCli(launcher, args, project, { env: env({ XDG_CACHE_HOME: home }) });
    run(['--version']);
    const [own] = fs.readdirSync(dir);
    const install = /^cli-[0-9a-f]{8}-/.exec(own)?.[0];
    assert.ok(install, `cache named by install: ${own}`);
    const planted = {
      earlierBuild: `${install}check-noopt-v20.0.0-x64-123-456.cache`,
      oldNaming: 'cli-v20.0.0-x64-123-456.cache',
      otherInstall: `cli-${install === 'cli-00000000-' ? '11111111' : '00000000'}-check-noopt-v20.0.0-x64-123-456.cache`,
    };
    for (const name of Object.values(planted)) fs.writeFileSync(path.join(dir, name), 'x');
    assert.match(run(['check', '.']).stderr, /code cache missing/);
    const left = fs.readdirSync(dir);
    assert.ok(!left.includes(planted.earlierBuild), 'an earlier build of this install is removed');
    assert.ok(!left.includes(planted.oldNaming), 'a cache of the old naming is removed');
    assert.ok(left.includes(planted.otherInstall), 'another install keeps its cache');
    assert.ok(left.includes(own), 'this build keeps its other caches');
  } finally {
    removeDir(home);
  }
});

test('the task commands live in a bundle of their own: check runs without it, the launcher loads it for a task command', () => {
  const help = runCli(launcher, ['smoke', '--help'], project, { env: env() });
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /Usage: ai-stack <migrate\|smoke\|wait-healthy\|deploy>/);

  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-launcher-'));
  try {
    for (const f of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(path.dirname(launcher), f), path.join(copy, f));
    const checked = runCli(path.join(copy, 'cli.js'), ['check', '.'], project, { env: env() });
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, /cap-drop-all/);
    const missing = runCli(path.join(copy, 'cli.js'), ['smoke', '--help'], project, { env: env() });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cli-tasks/);
  } finally {
    removeDir(copy);
  }
});
