/**
 * Issue 12.4: every compose file and Dockerfile of the workspace gets diagnostics, not only open
 * ones — over a real LSP connection with a workspace folder on disk. Exclusions (`files.exclude`,
 * `.gitignore`, `.ai-stack.json` `ignore`), `aiStack.diagnostics.scope`, file-system events and the
 * open buffer winning over the disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DidChangeWorkspaceFoldersNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'node:url';
import { WorkspacePair } from './workspacePair';
import { ListedFiles } from '../../server/src/lsp/workspaceFiles';

const PRIVILEGED = 'services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n    privileged: true\n';
const CLEAN_OF_PRIVILEGED = 'services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n';
const DOCKERFILE = 'FROM python:latest\nRUN pip install flask\nCMD ["python", "app.py"]\n';

function workspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-ws-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const codes = (pair: WorkspacePair, file: string) => (pair.last(file)?.diagnostics ?? []).map((d) => String(d.code));
/** After a notification: one round trip (the server has handled it), then the background check is idle. */
const settled = async (pair: WorkspacePair) => {
  await pair.idle();
  await pair.idle();
};

test('files on disk that were never opened get diagnostics, with progress; other files and node_modules do not', async () => {
  const dir = workspace({
    'compose.yaml': PRIVILEGED,
    'api/Dockerfile': DOCKERFILE,
    'deploy/docker-compose.prod.yml': PRIVILEGED,
    'notes/settings.yaml': PRIVILEGED, // not a compose name
    'node_modules/pkg/compose.yaml': PRIVILEGED,
  });
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    assert.ok(codes(pair, path.join(dir, 'compose.yaml')).includes('no-privileged'), 'compose.yaml checked');
    assert.ok(codes(pair, path.join(dir, 'deploy/docker-compose.prod.yml')).includes('no-privileged'), 'nested compose file checked');
    assert.ok(codes(pair, path.join(dir, 'api/Dockerfile')).length > 0, 'Dockerfile checked');
    assert.equal(pair.last(path.join(dir, 'notes/settings.yaml')), undefined);
    assert.equal(pair.last(path.join(dir, 'node_modules/pkg/compose.yaml')), undefined);
    // Background publishes carry no version (they are not of an open document).
    assert.equal(pair.last(path.join(dir, 'compose.yaml'))?.version, undefined);
    const kinds = pair.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.match(pair.progress[0].value.title ?? '', /checking the workspace/);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files.exclude, .gitignore (nested, negated) and .ai-stack.json ignore are honoured', async () => {
  const dir = workspace({
    'compose.yaml': PRIVILEGED,
    'excluded/compose.yaml': PRIVILEGED,
    'build/compose.yaml': PRIVILEGED,
    'app/compose.local.yaml': PRIVILEGED,
    'app/compose.keep.yaml': PRIVILEGED,
    'vendor/compose.yaml': PRIVILEGED,
    '.gitignore': 'build/\n# a comment\n',
    'app/.gitignore': 'compose.*.yaml\n!compose.keep.yaml\n',
    '.ai-stack.json': JSON.stringify({ ignore: ['vendor/**'] }),
  });
  const pair = await WorkspacePair.start(dir, { filesExclude: { '**/excluded': true, '**/ignored-not': false } });
  try {
    await pair.idle();
    assert.ok(codes(pair, path.join(dir, 'compose.yaml')).includes('no-privileged'));
    assert.ok(codes(pair, path.join(dir, 'app/compose.keep.yaml')).includes('no-privileged'), 'a negated .gitignore pattern brings a file back');
    for (const skipped of ['excluded/compose.yaml', 'build/compose.yaml', 'app/compose.local.yaml', 'vendor/compose.yaml']) {
      assert.equal(pair.last(path.join(dir, skipped)), undefined, `${skipped} is not checked`);
    }
    // A file created later in an ignored place stays unchecked; one in a checked place is checked.
    fs.writeFileSync(path.join(dir, 'build', 'compose.override.yaml'), PRIVILEGED);
    fs.mkdirSync(path.join(dir, 'svc'));
    fs.writeFileSync(path.join(dir, 'svc', 'compose.yaml'), PRIVILEGED);
    const since = pair.published.length;
    await pair.fileEvents([
      { path: path.join(dir, 'build', 'compose.override.yaml'), type: FileChangeType.Created },
      { path: path.join(dir, 'svc', 'compose.yaml'), type: FileChangeType.Created },
    ]);
    await pair.publishFor(path.join(dir, 'svc', 'compose.yaml'), since);
    await pair.idle();
    assert.equal(pair.last(path.join(dir, 'build', 'compose.override.yaml')), undefined);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('aiStack.diagnostics.scope = openFiles: nothing checked in the background; switching scope publishes and then clears', async () => {
  const dir = workspace({ 'compose.yaml': PRIVILEGED, 'other/compose.yaml': PRIVILEGED });
  const closed = path.join(dir, 'other', 'compose.yaml');
  const pair = await WorkspacePair.start(dir, { aiStack: { diagnostics: { scope: 'openFiles' } } });
  try {
    await pair.idle();
    assert.equal(pair.published.length, 0, 'no background diagnostics');
    assert.equal(pair.progress.length, 0, 'no scan');
    // An open file is still checked.
    const openPath = path.join(dir, 'compose.yaml');
    const since = pair.published.length;
    await pair.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: pair.uri(openPath), languageId: 'dockercompose', version: 1, text: PRIVILEGED } });
    assert.ok((await pair.publishFor(openPath, since)).diagnostics.some((d) => d.code === 'no-privileged'));

    const beforeWorkspace = pair.published.length;
    await pair.setSettings({ aiStack: { diagnostics: { scope: 'workspace' } } });
    await pair.publishFor(closed, beforeWorkspace, (p) => p.diagnostics.some((d) => d.code === 'no-privileged'));
    const beforeOpenFiles = pair.published.length;
    await pair.setSettings({ aiStack: { diagnostics: { scope: 'openFiles' } } });
    await pair.publishFor(closed, beforeOpenFiles, (p) => p.diagnostics.length === 0);
    // The open file keeps its diagnostics (it was never cleared by the scope change).
    assert.ok(!pair.published.slice(beforeOpenFiles).some((p) => p.uri === pair.uri(openPath) && p.diagnostics.length === 0));
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a change on disk updates the diagnostics; a deleted file has its diagnostics cleared', async () => {
  const dir = workspace({ 'compose.yaml': PRIVILEGED, 'api/Dockerfile': DOCKERFILE });
  const compose = path.join(dir, 'compose.yaml');
  const dockerfile = path.join(dir, 'api', 'Dockerfile');
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    assert.ok(codes(pair, compose).includes('no-privileged'));
    fs.writeFileSync(compose, CLEAN_OF_PRIVILEGED);
    let since = pair.published.length;
    await pair.fileEvents([{ path: compose, type: FileChangeType.Changed }]);
    const updated = await pair.publishFor(compose, since);
    assert.ok(!updated.diagnostics.some((d) => d.code === 'no-privileged'), 'the disk text was checked again');
    assert.ok(updated.diagnostics.length > 0, 'other findings stay');

    fs.rmSync(dockerfile);
    since = pair.published.length;
    await pair.fileEvents([{ path: dockerfile, type: FileChangeType.Deleted }]);
    const cleared = await pair.publishFor(dockerfile, since);
    assert.deepEqual(cleared.diagnostics, []);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an open document\'s live buffer wins over the disk; closing it brings the disk diagnostics back', async () => {
  const dir = workspace({ 'compose.yaml': PRIVILEGED });
  const compose = path.join(dir, 'compose.yaml');
  const uri = `file://${compose}`;
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    assert.ok(codes(pair, compose).includes('no-privileged'));
    let since = pair.published.length;
    await pair.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockercompose', version: 1, text: CLEAN_OF_PRIVILEGED } });
    const live = await pair.publishFor(compose, since, (p) => p.version === 1);
    assert.ok(!live.diagnostics.some((d) => d.code === 'no-privileged'));
    // The disk changes while the buffer is open: the buffer's diagnostics stand.
    fs.writeFileSync(compose, PRIVILEGED + '    read_only: false\n');
    await pair.fileEvents([{ path: compose, type: FileChangeType.Changed }]);
    await pair.idle();
    const afterDiskChange = pair.published.slice(since).filter((p) => p.uri === uri);
    assert.ok(afterDiskChange.every((p) => p.version === 1), 'no disk diagnostics while the document is open');
    since = pair.published.length;
    await pair.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const back = await pair.publishFor(compose, since, (p) => p.version === undefined);
    assert.ok(back.diagnostics.some((d) => d.code === 'no-privileged'), 'the disk text is judged again after close');
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an edit in an open base file re-checks the closed override of its set', async () => {
  const dir = workspace({
    'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n',
    'compose.override.yaml': 'services:\n  api:\n    ports:\n      - "8000:8000"\n',
  });
  const base = path.join(dir, 'compose.yaml');
  const override = path.join(dir, 'compose.override.yaml');
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    const before = pair.last(override);
    assert.ok(before, 'the override was checked in the background');
    const uri = pair.uri(base);
    await pair.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockercompose', version: 1, text: fs.readFileSync(base, 'utf8') } });
    await pair.publishFor(base, 0, (p) => p.version === 1);
    const since = pair.published.length;
    // The base now runs the service privileged: no change in the override's text, but the override is re-judged.
    await pair.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: PRIVILEGED }] });
    await pair.publishFor(override, since);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory created on disk (reported alone, as a checkout can be) has its compose files checked; its ignored ones not', async () => {
  const dir = workspace({ 'compose.yaml': PRIVILEGED });
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    const added = path.join(dir, 'checkout');
    fs.mkdirSync(path.join(added, 'deep', 'vendor'), { recursive: true });
    fs.writeFileSync(path.join(added, 'deep', 'compose.yaml'), PRIVILEGED);
    fs.writeFileSync(path.join(added, 'deep', 'vendor', 'compose.yaml'), PRIVILEGED);
    fs.writeFileSync(path.join(added, '.gitignore'), 'vendor/\n');
    const since = pair.published.length;
    await pair.fileEvents([{ path: added, type: FileChangeType.Created }]);
    await pair.publishFor(path.join(added, 'deep', 'compose.yaml'), since, (p) => p.diagnostics.some((d) => d.code === 'no-privileged'));
    await pair.idle();
    assert.equal(pair.last(path.join(added, 'deep', 'vendor', 'compose.yaml')), undefined, 'the .gitignore of the new directory applies');
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a deleted folder (reported as the folder alone) clears the diagnostics of every file under it; its siblings and unrelated deletions are left alone', async () => {
  const dir = workspace({
    'compose.yaml': PRIVILEGED,
    'services/api/compose.yaml': PRIVILEGED,
    'services/api/docker/Dockerfile': DOCKERFILE,
    'services/api-v2/compose.yaml': PRIVILEGED, // a name that starts like the deleted folder
    'notes.txt': 'not a compose file\n',
  });
  const gone = [path.join(dir, 'services/api/compose.yaml'), path.join(dir, 'services/api/docker/Dockerfile')];
  const kept = [path.join(dir, 'compose.yaml'), path.join(dir, 'services/api-v2/compose.yaml')];
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    for (const f of [...gone, ...kept]) assert.ok(codes(pair, f).length > 0, `${f} has findings before`);
    // An unrelated file deleted: nothing is published (no re-check of its neighbours).
    fs.rmSync(path.join(dir, 'notes.txt'));
    let since = pair.published.length;
    await pair.fileEvents([{ path: path.join(dir, 'notes.txt'), type: FileChangeType.Deleted }]);
    await settled(pair);
    assert.deepEqual(pair.published.slice(since).map((p) => p.uri), []);

    fs.rmSync(path.join(dir, 'services/api'), { recursive: true });
    since = pair.published.length;
    await pair.fileEvents([{ path: path.join(dir, 'services/api'), type: FileChangeType.Deleted }]);
    for (const f of gone) assert.deepEqual((await pair.publishFor(f, since)).diagnostics, [], `${f} cleared`);
    await pair.idle();
    for (const f of kept) assert.ok(codes(pair, f).includes('no-privileged'), `${f} keeps its findings`);
    // The deleted files are no longer listed: a rescan (settings change) does not bring them back.
    since = pair.published.length;
    await pair.setSettings({ aiStack: { diagnostics: { scope: 'workspace' } } });
    await pair.until('a rescan to end', () => pair.scansEnded >= 2);
    await pair.idle();
    for (const f of gone) assert.ok(!pair.published.slice(since).some((p) => p.uri === pair.uri(f) && p.diagnostics.length), `${f} not checked again`);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const EXTENDS_SHARED = 'services:\n  api:\n    extends:\n      file: shared/common.yaml\n      service: base\n';
const SHARED_HEALTHY = 'services:\n  base:\n    image: ghcr.io/acme/api:1.2.3\n    healthcheck:\n      test: ["CMD", "/app/healthcheck"]\n';
const SHARED_WITHOUT_HEALTHCHECK = 'services:\n  base:\n    image: ghcr.io/acme/api:1.2.3\n';
/** A finding of the extending file that depends on the extended one: it inherits its healthcheck. */
const noHealthcheck = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === 'healthcheck-required');

test('a closed file is checked again when what it extends changes on disk, when the folder holding it is deleted (reported alone) and when the folder comes back', async () => {
  const dir = workspace({ 'compose.yaml': EXTENDS_SHARED, 'shared/common.yaml': SHARED_HEALTHY });
  const main = path.join(dir, 'compose.yaml');
  const shared = path.join(dir, 'shared');
  const pair = await WorkspacePair.start(dir);
  try {
    await pair.idle();
    assert.ok(codes(pair, main).length && !codes(pair, main).includes('healthcheck-required'), 'the healthcheck is inherited');
    // The extended file changes (its parse and project were released after the background check).
    fs.writeFileSync(path.join(shared, 'common.yaml'), SHARED_WITHOUT_HEALTHCHECK);
    let since = pair.published.length;
    await pair.fileEvents([{ path: path.join(shared, 'common.yaml'), type: FileChangeType.Changed }]);
    await pair.publishFor(main, since, noHealthcheck);
    // Its folder is deleted; the watcher reports the folder alone.
    fs.rmSync(shared, { recursive: true });
    since = pair.published.length;
    await pair.fileEvents([{ path: shared, type: FileChangeType.Deleted }]);
    await pair.publishFor(main, since, (p) => p.diagnostics.some((d) => d.code === 'project-file-missing'));
    // The folder comes back (a checkout switching branches).
    fs.mkdirSync(shared);
    fs.writeFileSync(path.join(shared, 'common.yaml'), SHARED_HEALTHY);
    since = pair.published.length;
    await pair.fileEvents([{ path: shared, type: FileChangeType.Created }]);
    const back = await pair.publishFor(main, since, (p) => !p.diagnostics.some((d) => d.code === 'project-file-missing'));
    assert.ok(!noHealthcheck(back), 'read again from the restored folder');
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an open document is checked again when the folder holding what it extends is deleted', async () => {
  const dir = workspace({ 'compose.yaml': EXTENDS_SHARED, 'shared/common.yaml': SHARED_HEALTHY });
  const main = path.join(dir, 'compose.yaml');
  const pair = await WorkspacePair.start(dir, { aiStack: { diagnostics: { scope: 'openFiles' } } });
  try {
    const uri = pair.uri(main);
    await pair.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockercompose', version: 1, text: EXTENDS_SHARED } });
    const opened = await pair.publishFor(main, 0, (p) => p.version === 1);
    assert.ok(opened.diagnostics.length && !noHealthcheck(opened), 'the healthcheck is inherited');
    fs.rmSync(path.join(dir, 'shared'), { recursive: true });
    const since = pair.published.length;
    await pair.fileEvents([{ path: path.join(dir, 'shared'), type: FileChangeType.Deleted }]);
    await pair.publishFor(main, since, (p) => p.diagnostics.some((d) => d.code === 'project-file-missing'));
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a workspace folder removed from the workspace has its files\' diagnostics cleared; an added one is checked', async () => {
  const first = workspace({ 'compose.yaml': PRIVILEGED, 'api/Dockerfile': DOCKERFILE });
  const second = workspace({ 'compose.yaml': PRIVILEGED });
  const folder = (dir: string, name: string) => ({ uri: pathToFileURL(dir).toString(), name });
  const pair = await WorkspacePair.start(first);
  try {
    await pair.idle();
    const firstFiles = [path.join(first, 'compose.yaml'), path.join(first, 'api/Dockerfile')];
    for (const f of firstFiles) assert.ok(codes(pair, f).length > 0, `${f} checked`);
    let since = pair.published.length;
    await pair.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder(second, 'second')], removed: [] } });
    await pair.publishFor(path.join(second, 'compose.yaml'), since, (p) => p.diagnostics.some((d) => d.code === 'no-privileged'));

    since = pair.published.length;
    await pair.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder(first, 'ws')] } });
    for (const f of firstFiles) assert.deepEqual((await pair.publishFor(f, since)).diagnostics, [], `${f} cleared`);
    await pair.idle();
    assert.ok(codes(pair, path.join(second, 'compose.yaml')).includes('no-privileged'), 'the remaining folder keeps its diagnostics');
    // The files of the removed folder are not the workspace's any more: a change there is not checked.
    since = pair.published.length;
    await pair.fileEvents([{ path: firstFiles[0], type: FileChangeType.Changed }]);
    await settled(pair);
    assert.deepEqual(pair.published.slice(since).map((p) => p.uri), []);
  } finally {
    pair.dispose();
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  }
});

test('the file list knows which directories hold listed files, at any depth, as files come and go', () => {
  const list = new ListedFiles();
  const root = path.join(path.sep, 'ws');
  const a = path.join(root, 'svc', 'api', 'compose.yaml');
  const b = path.join(root, 'svc', 'api', 'docker', 'Dockerfile');
  list.add(a);
  list.add(b);
  list.add(b); // twice: counted once
  assert.equal(list.size, 2);
  for (const dir of [root, path.join(root, 'svc'), path.join(root, 'svc', 'api'), path.join(root, 'svc', 'api', 'docker')]) assert.ok(list.holdsUnder(dir), dir);
  assert.equal(list.holdsUnder(path.join(root, 'svc', 'ap')), false, 'a name prefix is not a parent');
  assert.equal(list.holdsUnder(a), false, 'a file holds nothing');
  assert.equal(list.delete(b), true);
  assert.equal(list.delete(b), false);
  assert.equal(list.holdsUnder(path.join(root, 'svc', 'api', 'docker')), false);
  assert.ok(list.holdsUnder(path.join(root, 'svc', 'api')));
  list.delete(a);
  assert.equal(list.holdsUnder(root), false);
  list.add(a);
  list.clear();
  assert.deepEqual([...list], []);
  assert.equal(list.holdsUnder(root), false);
});
