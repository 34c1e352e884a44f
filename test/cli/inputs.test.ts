/**
 * The CLI's inputs and outputs at their edges, through the shipped launcher (dist/cli.js layout):
 * --output naming an input, read-only and non-UTF-8 files under --fix, BOMs, atomic writes,
 * paths that cannot be stat'ed, FIFOs and devices, big reports through a slow pipe, Dockerfile names.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileKind } from '../../server/src/engine/analysis';
import { FileChangedError, readSource, writeFixed } from '../../server/src/cli/fileIo';
import { buildLauncher, removeDir, repoRoot, runCli, tempDir, UNHARDENED } from './harness';

let cli: string;
const dirs: string[] = [];
const env = { ...process.env, AI_STACK_COMPILE_CACHE: '0' };
const run = (args: string[], cwd: string) => runCli(cli, args, cwd, { env });
const dir = (files: Record<string, string> = {}): string => {
  const d = tempDir(files);
  dirs.push(d);
  return d;
};
const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at |node:internal|Error: E[A-Z]+/m, stderr);

before(async () => {
  cli = await buildLauncher();
});
after(() => {
  removeDir(path.dirname(cli));
  for (const d of dirs) removeDir(d);
});

test('--output naming an input file is refused (exit 2): by name, through a symlink, from another folder, as a hard link', () => {
  const d = dir({ 'compose.yaml': UNHARDENED, 'sub/.keep': '' });
  fs.symlinkSync('compose.yaml', path.join(d, 'link.yaml'));
  fs.linkSync(path.join(d, 'compose.yaml'), path.join(d, 'hard.txt'));
  for (const [args, cwd] of [
    [['check', 'compose.yaml', '--output', 'compose.yaml'], d],
    [['check', '.', '--format', 'json', '--output=link.yaml'], d],
    [['check', '../compose.yaml', '-o', '../link.yaml'], path.join(d, 'sub')],
    [['check', '.', '--format', 'sarif', '--output', 'hard.txt'], d],
    [['check', '--fix', 'compose.yaml', '--output', './compose.yaml'], d],
  ] as const) {
    const r = run([...args], cwd);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /--output \S+ is the input file \S*compose\.yaml: refusing to overwrite it/);
    assert.equal(fs.readFileSync(path.join(d, 'compose.yaml'), 'utf8'), UNHARDENED, args.join(' '));
  }
  const ok = run(['check', 'compose.yaml', '--output', 'report.txt'], d);
  assert.equal(ok.code, 1, ok.stderr);
  assert.match(fs.readFileSync(path.join(d, 'report.txt'), 'utf8'), /cap-drop-all/);
});

test('--fix leaves a read-only (chmod 444) file alone, even as root; the exit code reflects its findings', () => {
  const d = dir({ 'compose.yaml': UNHARDENED });
  const file = path.join(d, 'compose.yaml');
  fs.chmodSync(file, 0o444);
  const r = run(['check', '--fix', 'compose.yaml'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /read-only, not fixed: compose\.yaml/);
  assert.match(r.stdout, /compose\.yaml:\d+:\d+ warning cap-drop-all/);
  assert.doesNotMatch(r.stdout, /^fixed /m);
  assert.equal(fs.readFileSync(file, 'utf8'), UNHARDENED);
  assert.equal(fs.statSync(file).mode & 0o777, 0o444);
});

test('--fix writes atomically: mode kept, a symlink stays a symlink, no temp file left', () => {
  const d = dir({ 'real/compose.yaml': UNHARDENED });
  const real = path.join(d, 'real', 'compose.yaml');
  fs.chmodSync(real, 0o640);
  fs.symlinkSync(path.join('real', 'compose.yaml'), path.join(d, 'compose.yaml'));
  const r = run(['check', '--fix', 'compose.yaml'], d);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.match(r.stdout, /^fixed compose\.yaml:\d+ /m);
  assert.ok(fs.lstatSync(path.join(d, 'compose.yaml')).isSymbolicLink(), 'the link is kept');
  assert.match(fs.readFileSync(real, 'utf8'), /cap_drop/);
  assert.equal(fs.statSync(real).mode & 0o777, 0o640);
  assert.deepEqual(fs.readdirSync(path.join(d, 'real')), ['compose.yaml']);
});

test('a file that changed on disk after it was read is not written', () => {
  const d = dir({ 'compose.yaml': UNHARDENED });
  const file = path.join(d, 'compose.yaml');
  const source = readSource(file);
  fs.writeFileSync(file, UNHARDENED + '# edited meanwhile\n');
  assert.throws(() => writeFixed(file, source, 'services: {}\n'), FileChangedError);
  assert.equal(fs.readFileSync(file, 'utf8'), UNHARDENED + '# edited meanwhile\n');
  assert.deepEqual(fs.readdirSync(d), ['compose.yaml']);
});

test('a Latin-1 file: findings still reported, --fix refuses to write it (its bytes stay)', () => {
  const d = dir();
  const file = path.join(d, 'compose.yaml');
  const latin1 = Buffer.from('services:\n  caf\xe9:\n    image: python:3.12.8-slim\n    ports:\n      - "8000:8000"\n', 'latin1');
  fs.writeFileSync(file, latin1);
  const r = run(['check', '--fix', 'compose.yaml'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /not valid UTF-8, not fixed: compose\.yaml/);
  assert.match(r.stdout, /cap-drop-all/);
  assert.ok(fs.readFileSync(file).equals(latin1), 'not a byte changed');
});

test('a UTF-8 BOM is kept by --fix, and positions count from after it (as in the editor)', () => {
  const d = dir();
  const file = path.join(d, 'compose.yaml');
  fs.writeFileSync(file, '\uFEFF' + UNHARDENED);
  const plain = run(['check', 'compose.yaml', '--format', 'json'], d);
  const noBom = dir({ 'compose.yaml': UNHARDENED });
  const expected = run(['check', 'compose.yaml', '--format', 'json'], noBom);
  const net = (s: string) => s.replace(/network [\w-]+_net/g, 'network NET');
  assert.equal(net(plain.stdout), net(expected.stdout), 'same findings at the same positions as without the BOM');
  const r = run(['check', '--fix', 'compose.yaml'], d);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.match(r.stdout, /^fixed /m);
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 4)], [0xef, 0xbb, 0xbf, 0x23], 'one BOM, then the first comment');
  assert.ok(!bytes.subarray(3).toString('utf8').includes('\uFEFF'));
  assert.ok(bytes.subarray(3).toString('utf8').startsWith('# the app stack\nservices:\n  api: # FastAPI\n'), 'bytes before the edits unchanged');
});

test('paths that cannot be stat\'ed (symlink loop, ENOTDIR, ENAMETOOLONG) exit 2 with a message, not a stack trace', () => {
  const d = dir({ 'compose.yaml': UNHARDENED });
  fs.symlinkSync('loop-b', path.join(d, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(d, 'loop-b'));
  for (const [arg, message] of [
    ['loop-a', /loop-a: too many levels of symbolic links/],
    ['compose.yaml/x.yml', /compose\.yaml\/x\.yml: not a directory/],
    ['a'.repeat(300) + '.yml', /file name too long/],
    ['missing.yml', /missing\.yml: no such file or directory/],
  ] as const) {
    const r = run(['check', arg], d);
    assert.equal(r.code, 2, `${arg}: ${r.stderr}`);
    assert.match(r.stderr, message);
    noStackTrace(r.stderr);
  }
});

test('a FIFO or a device named explicitly is refused (exit 2); directory walks skip them and symlink loops', () => {
  const d = dir({ 'compose.yaml': UNHARDENED, '.ai-stack.json': '{}' });
  execFileSync('mkfifo', [path.join(d, 'fifo.yml'), path.join(d, 'sub-fifo')]);
  fs.symlinkSync('/dev/zero', path.join(d, 'zero.yml'));
  fs.mkdirSync(path.join(d, 'walk'));
  fs.writeFileSync(path.join(d, 'walk', 'docker-compose.yml'), UNHARDENED);
  fs.symlinkSync('../fifo.yml', path.join(d, 'walk', 'compose.yaml'));
  fs.symlinkSync('/dev/zero', path.join(d, 'walk', 'Dockerfile'));
  fs.symlinkSync('..', path.join(d, 'walk', 'parent'));
  fs.symlinkSync('compose.loop.yml', path.join(d, 'walk', 'compose.loop.yml'));
  execFileSync('mkfifo', [path.join(d, 'walk', 'compose.fifo.yaml')]);

  for (const [args, message] of [
    [['fifo.yml'], /fifo\.yml: not a regular file \(a named pipe\)/],
    [['zero.yml'], /zero\.yml: not a regular file \(a character device\)/],
    [['/dev/zero'], /\/dev\/zero: not a regular file/],
    [['-f', 'fifo.yml'], /-f fifo\.yml: not a regular file/],
    [['compose.yaml', '--config', 'sub-fifo'], /sub-fifo: not a regular file/],
  ] as const) {
    const r = run(['check', ...args], d);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    noStackTrace(r.stderr);
  }

  const walked = run(['check', 'walk', 'walk/**/*.yml', '--format', 'json'], d);
  assert.equal(walked.code, 1, walked.stderr);
  assert.equal(walked.stderr.includes('ai-stack check:'), false, walked.stderr);
  assert.deepEqual(JSON.parse(walked.stdout).files, ['walk/docker-compose.yml']);
});

/** Runs the launcher with stdout a pipe the parent reads only after a pause (the pipe fills up first). */
function throughSlowPipe(args: string[], cwd: string): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stdout.resume();
    }, 500);
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

test('text, JSON and SARIF reports of several MB arrive whole through a pipe, with exit code 1', async () => {
  const services = (n: number) => 'services:\n' + Array.from({ length: n }, (_, i) => `  svc${i}:\n    image: python:3.12.8-slim\n    ports:\n      - "${10000 + i}:8000"\n`).join('');
  const big = dir({ 'compose.yaml': services(3000) });
  // JSON computes every fix (slow per finding in one file): many small files instead.
  const many = dir(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}/compose.yaml`, services(5)])));
  for (const [format, cwd, minBytes] of [
    ['text', big, 3_000_000],
    ['sarif', big, 2_000_000],
    ['json', many, 1_000_000],
  ] as const) {
    const reference = path.join(cwd, `report.${format}`);
    const written = run(['check', '.', '--format', format, '--output', reference], cwd);
    assert.equal(written.code, 1, written.stderr);
    const expected = fs.readFileSync(reference);
    fs.rmSync(reference);
    assert.ok(expected.length > minBytes, `${format}: ${expected.length} bytes`);
    const piped = await throughSlowPipe(['check', '.', '--format', format], cwd);
    assert.equal(piped.code, 1, piped.stderr);
    assert.equal(piped.stdout.length, expected.length, `${format}: all ${expected.length} bytes`);
    assert.ok(piped.stdout.equals(expected), format);
    if (format !== 'text') JSON.parse(piped.stdout.toString('utf8'));
  }

  // A reader that stops early (`| head -c 100`) gets no stack trace, and the code still says findings.
  const early = spawn(process.execPath, [cli, 'check', '.', '--format', 'sarif'], { cwd: big, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  early.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  early.stdout.once('data', () => early.stdout.destroy());
  const code = await new Promise((resolve) => early.on('close', resolve));
  assert.equal(code, 1, stderr);
  noStackTrace(stderr);
});

test('Dockerfile names: Dockerfile-cuda, Dockerfile.prod, api.Dockerfile, Containerfile, app.containerfile are checked; Dockerfile.dockerignore and Dockerfile.md are not', () => {
  const dockerfile = 'FROM python:3.12.8-slim\nRUN pip install flask\n';
  const names = ['Dockerfile-cuda', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'app.containerfile'];
  const d = dir(Object.fromEntries([...names, 'Dockerfile.dockerignore', 'Dockerfile.md', 'Dockerfile.txt', 'notes.dockerignore'].map((n) => [n, dockerfile])));
  const walked = run(['check', '.', '--format', 'json'], d);
  assert.equal(walked.code, 1, walked.stderr);
  assert.deepEqual([...JSON.parse(walked.stdout).files].sort(), [...names].sort());
  for (const name of names) {
    const r = run(['check', name], d);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^${name.replace('.', '\\.')}:\\d+:\\d+ \\w+ dockerfile-`, 'm'));
  }
  const ignore = run(['check', 'Dockerfile.dockerignore'], d);
  assert.equal(ignore.code, 2);
  assert.match(ignore.stderr, /not a compose file or Dockerfile/);

  for (const name of [...names, 'Dockerfile', 'Containerfile.dev', 'Dockerfile_gpu', 'web.Containerfile']) assert.equal(fileKind(name), 'dockerfile', name);
  for (const name of ['Dockerfile.dockerignore', '.dockerignore', 'Dockerfile.md', 'Dockerfile.MD', 'dockerfile-notes', 'compose.yaml']) assert.notEqual(fileKind(name), 'dockerfile', name);

  // The editor labels these names 'dockerfile' (the client's selector and activation go by language).
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const patterns: string[] = pkg.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile').filenamePatterns;
  for (const p of ['Dockerfile-*', 'Containerfile-*']) assert.ok(patterns.includes(p), p);
});
