/**
 * Issue 10, defect 7: a 480-byte alias bomb (`&b [*a,*a,…]` nested a few times) killed the language
 * server with out-of-memory and took `check -f` to 4.3 GB. Alias expansion is bounded: the anchor
 * gets a `yaml-alias-limit` finding and the file is checked without expanding it — in the single-file
 * check, the project merge, hover, completion, and the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, runCli, tempDir } from '../cli/harness';
import { lazyCliBundle } from './cliBundle';
import { runIsolated } from './isolated';

/** `levels` anchors, each a list of nine aliases of the previous one: 9^levels nodes once expanded. */
export function aliasBomb(levels: number): string {
  let s = 'x-a0: &a0 [x,x,x,x,x,x,x,x,x]\n';
  for (let i = 1; i < levels; i++) s += `x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
  return `${s}services:\n  app:\n    image: nginx:1.27.3\n    command: *a${levels - 1}\n`;
}

const anchorAt = (text: string, name: string) => text.indexOf(`&${name} `);

test('the 6-level bomb (the issue\'s 480 bytes) is checked, with one yaml-alias-limit finding on the first anchor over the limit', () => {
  const text = aliasBomb(6);
  assert.ok(Buffer.byteLength(text) < 600);
  const { findings } = runIsolated('analyze', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  const limits = findings.filter((f) => f.ruleId === 'yaml-alias-limit');
  assert.equal(limits.length, 1, JSON.stringify(limits));
  // 9^4 + … nodes: &a4 is the first anchor whose expansion passes 10,000 nodes.
  assert.equal(limits[0].start, anchorAt(text, 'a4'));
  assert.equal(limits[0].severity, 'warning');
  assert.match(limits[0].message, /\*a4 expands to 66,430 nodes/);
  // The rest of the file is still checked.
  assert.ok(findings.some((f) => f.ruleId === 'cap-drop-all'), 'the service is still judged');
});

test('a 9-level bomb through the project merge (what `check -f` and the server load) stays under a 1 GB heap', () => {
  const text = aliasBomb(9);
  const { findings } = runIsolated('project', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  assert.deepEqual(findings.filter((f) => f.ruleId === 'yaml-alias-limit').map((f) => f.start), [anchorAt(text, 'a4')]);
  assert.ok(findings.some((f) => f.ruleId === 'cap-drop-all'));
});

test('many small aliases of one big anchor are bounded in total, not only per alias', () => {
  // 9,000 nodes per alias (under the per-alias limit), used 200 times: 1.8 million nodes in all.
  const big = `x-big: &big [${Array(8999).fill('x').join(',')}]\n`;
  const uses = Array.from({ length: 200 }, (_, i) => `  s${i}:\n    image: nginx:1.27.3\n    command: *big\n`).join('');
  const text = `${big}services:\n${uses}`;
  const { findings } = runIsolated('project', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  const limits = findings.filter((f) => f.ruleId === 'yaml-alias-limit');
  assert.equal(limits.length, 1);
  assert.match(limits[0].message, /over 1,000,000 nodes: from here on/);
});

test('hover, completion, definition and the outline answer on a bomb in the language server', () => {
  const text = aliasBomb(9);
  const offsets = [text.indexOf('*a8'), text.indexOf('image:'), text.length - 1, anchorAt(text, 'a4') + 1];
  const out = runIsolated('lsp', { files: { 'compose.yaml': text }, target: 'compose.yaml', offsets });
  assert.ok(out.findings.some((f) => f.ruleId === 'yaml-alias-limit'), JSON.stringify(out.findings.map((f) => f.ruleId)));
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'));
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
  assert.ok(out.heapMb < 1024);
});

test('an anchor that contains an alias to itself is reported, not followed', () => {
  const text = 'services:\n  app: &app\n    image: nginx:1.27.3\n    labels: *app\n';
  for (const job of ['analyze', 'project'] as const) {
    const { findings } = runIsolated(job, { files: { 'compose.yaml': text }, target: 'compose.yaml' });
    const limits = findings.filter((f) => f.ruleId === 'yaml-alias-limit');
    assert.equal(limits.length, 1, `${job}: ${JSON.stringify(findings.map((f) => f.ruleId))}`);
    assert.equal(limits[0].start, text.indexOf('&app'));
    assert.match(limits[0].message, /recursive alias/);
  }
});

test('ordinary anchors (merge keys, shared lists) are expanded as before', () => {
  const text = 'x-common: &common\n  restart: unless-stopped\n  cap_drop: [ALL]\nservices:\n  a:\n    <<: *common\n    image: nginx:1.27.3\n';
  const { findings } = runIsolated('project', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  assert.ok(!findings.some((f) => f.ruleId === 'yaml-alias-limit'));
  assert.ok(!findings.some((f) => f.ruleId === 'cap-drop-all' || f.ruleId === 'restart-policy'), 'merged keys count');
});

// Built on first use, so that the tests above do not depend on the CLI bundle.
const cliBundle = lazyCliBundle();

test('CLI: check -f on a 9-level bomb reports the limit and the service findings', async () => {
  const cli = await cliBundle();
  const dir = tempDir({ 'compose.yaml': aliasBomb(9) });
  try {
    const r = runCli(cli, ['check', '-f', 'compose.yaml', '--format', 'json'], dir, { env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=1024' } });
    assert.equal(r.code, 1, r.stderr);
    const ids = (JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('yaml-alias-limit') && ids.includes('cap-drop-all'), ids.join(','));
  } finally {
    removeDir(dir);
  }
});

test('an edit inside one service that adds a bomb is caught too (the incremental re-parse path)', async () => {
  const { SourceFile } = await import('../../server/src/engine/compose/sourceFile');
  const levels = 'x-a0: &a0 [x,x,x,x,x,x,x,x,x]\nx-a1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]\nx-a2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]\nx-a3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]\n';
  const before = `${levels}services:\n  app:\n    image: nginx:1.27.3\n  other:\n    image: nginx:1.27.3\n`;
  const first = SourceFile.parse('/p/compose.yaml', before);
  assert.deepEqual(first.problems, []);
  // 200 aliases of &a3 (7,381 nodes each): each is under the per-alias limit, together they pass the per-file one.
  const edited = before.replace('  app:\n    image: nginx:1.27.3\n', `  app:\n    image: nginx:1.27.3\n    command: [${Array(200).fill('*a3').join(', ')}]\n`);
  const second = SourceFile.parse('/p/compose.yaml', edited, first);
  assert.deepEqual(second.problems.map((p) => p.code), ['yaml-alias-limit']);
});

test('a chain of 20,000 merge anchors (each `<<:` the previous) is bounded, and said in a few findings, not one per anchor', () => {
  let text = 'x-a0: &a0 {k0: v}\n';
  for (let i = 1; i < 20_000; i++) text += `x-a${i}: &a${i} {<<: *a${i - 1}, k${i}: v}\n`;
  text += 'services:\n  app:\n    <<: *a19999\n    image: nginx:1.27.3\n';
  const { findings } = runIsolated('project', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  const limits = findings.filter((f) => f.ruleId === 'yaml-alias-limit');
  assert.ok(limits.length >= 1 && limits.length <= 10, `${limits.length} findings`);
  assert.equal(limits.filter((f) => /from here on/.test(f.message)).length, 1);
  assert.ok(findings.some((f) => f.ruleId === 'cap-drop-all'));
});
