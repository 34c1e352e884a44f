import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest, CodeActionResolveRequest, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, HoverRequest, CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startPair } from '../support/lspPair';

const uri = 'file:///tmp/aistack-lsp-test/compose.yaml';
const text = `# stack
services:
  api:
    image: python:3.12.8-slim # app
    privileged: true
    ports:
      - "8000:8000"
`;

function applyLspEdits(original: string, action: CodeAction): string {
  const doc = TextDocument.create(uri, 'yaml', 1, original);
  const edits = action.edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(doc, edits);
}

test('open → diagnostics at exact ranges; change → new diagnostics for that version', async () => {
  const pair = await startPair();
  try {
    const first = await pair.open(uri, text);
    const privileged = first.diagnostics.find((d) => d.code === 'no-privileged');
    assert.ok(privileged, 'no-privileged reported');
    assert.deepEqual(privileged.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 14 } });
    assert.equal(privileged.source, 'ai-stack');
    const fixed = text.replace('    privileged: true\n', '');
    const second = await pair.change(uri, 2, fixed);
    assert.equal(second.version, 2);
    assert.equal(second.diagnostics.filter((d) => d.code === 'no-privileged').length, 0);
    assert.ok(second.diagnostics.some((d) => d.code === 'port-host-ip-required'));
  } finally {
    pair.dispose();
  }
});

test('incremental changes (as VS Code sends them) are applied in order: text and diagnostics equal those of the whole new text', async () => {
  const pair = await startPair();
  const other = uri.replace('compose.yaml', 'other/compose.yaml');
  const shown = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.range, d.message]);
  try {
    await pair.open(uri, text);
    const published = pair.nextDiagnostics(uri, 2);
    // Two changes in one notification: a line deleted, then a host IP typed into the port (positions after the first change).
    await pair.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' },
        { range: { start: { line: 5, character: 9 }, end: { line: 5, character: 9 } }, text: '127.0.0.1:' },
      ],
    });
    const incremental = await published;
    const expected = text.replace('    privileged: true\n', '').replace('"8000:8000"', '"127.0.0.1:8000:8000"');
    assert.equal(pair.server.documents.get(uri)?.getText(), expected);
    const whole = await pair.open(other, expected);
    assert.deepEqual(shown(incremental.diagnostics), shown(whole.diagnostics));
    assert.ok(!incremental.diagnostics.some((d) => d.code === 'no-privileged' || d.code === 'port-host-ip-required'), JSON.stringify(shown(incremental.diagnostics)));
  } finally {
    pair.dispose();
  }
});

test('a burst of edits publishes only the newest version', async () => {
  const pair = await startPair();
  try {
    await pair.open(uri, text);
    const before = pair.published.length;
    for (let v = 2; v <= 6; v++) {
      await pair.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text + `# edit ${v}\n` }] });
    }
    await pair.nextDiagnostics(uri, 6);
    // Never an older version after a newer one, the newest last, and the burst coalesced.
    const versions = pair.published.slice(before).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(versions.at(-1), 6);
    assert.ok(versions.length < 5, `burst coalesced: ${versions}`);
  } finally {
    pair.dispose();
  }
});

test('code actions: quick fix, ignore for service, ignore on line, fix all', async () => {
  const pair = await startPair();
  try {
    const { diagnostics } = await pair.open(uri, text);
    const diag = diagnostics.find((d) => d.code === 'no-privileged')!;
    const actions = (await pair.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Remove privileged: true'), titles.join(', '));
    assert.ok(titles.includes('Ignore no-privileged for service api'));
    assert.ok(titles.includes('Ignore no-privileged on this line'));
    const quick = actions.find((a) => a.title === 'Remove privileged: true')!;
    assert.equal(quick.isPreferred, true);
    assert.equal(applyLspEdits(text, quick), text.replace('    privileged: true\n', ''));
    const ignore = actions.find((a) => a.title === 'Ignore no-privileged on this line')!;
    const ignored = applyLspEdits(text, ignore);
    const after = await pair.change(uri, 2, ignored);
    assert.equal(after.diagnostics.filter((d) => d.code === 'no-privileged').length, 0);
    assert.ok(ignored.includes('# app'), 'comment kept');

    const fixAll = (await pair.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.ai-stack');
    assert.equal(fixAll[0].edit, undefined, 'the edit is computed on resolve');
    const resolved = (await pair.client.sendRequest(CodeActionResolveRequest.type, fixAll[0])) as CodeAction;
    const all = applyLspEdits(ignored, resolved);
    assert.ok(all.includes('127.0.0.1:8000:8000'));
    assert.ok(all.includes('# stack') && all.includes('# app'));
  } finally {
    pair.dispose();
  }
});

test('hover on a finding explains why, with the rule id', async () => {
  const pair = await startPair();
  try {
    await pair.open(uri, text);
    const hover = (await pair.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 6 } })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /no-privileged/);
    assert.match(value, /host/);
  } finally {
    pair.dispose();
  }
});

test('settings change re-checks open documents (rule turned off)', async () => {
  const pair = await startPair();
  try {
    const first = await pair.open(uri, text);
    assert.ok(first.diagnostics.some((d) => d.code === 'no-privileged'));
    pair.settings = { rules: { 'no-privileged': 'off', 'port-host-ip-required': 'error' } };
    const next = pair.nextDiagnostics(uri);
    await pair.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const after = await next;
    assert.equal(after.diagnostics.filter((d) => d.code === 'no-privileged').length, 0);
    assert.equal(after.diagnostics.find((d) => d.code === 'port-host-ip-required')?.severity, 1);
  } finally {
    pair.dispose();
  }
});

test('malformed YAML gets a syntax diagnostic, not a crash', async () => {
  const pair = await startPair();
  try {
    const res = await pair.open(uri, 'services:\n  api:\n    image: [unclosed\n  db: {image: x\n');
    assert.ok(res.diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 1));
  } finally {
    pair.dispose();
  }
});

test('no-migrations-in-startup offers "Move migration to a one-off task" writing .vscode/tasks.json', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-move-'));
  const composeUri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
  const compose = `services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n    command: sh -c "alembic upgrade head && uvicorn app.main:app --host 0.0.0.0"\n`;
  const pair = await startPair();
  try {
    await pair.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [] } });
    const { diagnostics } = await pair.open(composeUri, compose);
    const diag = diagnostics.find((d) => d.code === 'no-migrations-in-startup');
    assert.ok(diag, 'finding reported');
    const actions = (await pair.client.sendRequest(CodeActionRequest.type, { textDocument: { uri: composeUri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const move = actions.find((a) => a.title.startsWith('Move migration to a one-off task'));
    assert.ok(move, actions.map((a) => a.title).join(', '));
    const changes = move.edit!.documentChanges!;
    assert.equal((changes[0] as { kind: string }).kind, 'create');
    const composeEdit = changes[1] as { edits: { newText: string }[] };
    const tasksEdit = changes[2] as { textDocument: { uri: string }; edits: { newText: string }[] };
    assert.ok(tasksEdit.textDocument.uri.endsWith('/.vscode/tasks.json'));
    const tasks = JSON.parse(tasksEdit.edits[0].newText);
    assert.equal(tasks.tasks[0].type, 'ai-stack');
    assert.deepEqual(tasks.tasks[0].command, ['alembic', 'upgrade', 'head']);
    assert.ok(!composeEdit.edits.map((e) => e.newText).join('').includes('alembic'));
  } finally {
    pair.dispose();
  }
});
