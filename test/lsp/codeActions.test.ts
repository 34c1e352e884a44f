/**
 * Code actions over a real connection: a quick fix belongs to its own finding even when findings
 * share a range (inherited through `<<: *anchor`); "Fix all" is offered without its edit and computed
 * on codeAction/resolve, for every compose document and Dockerfile the diagnostics cover (decided by
 * the document's language, not only its name); yaml's collection-key warnings are not logged as errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionRequest, CodeActionResolveRequest, Diagnostic, LogMessageNotification, LogMessageParams, MessageType } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllText } from '../../server/src/engine';
import { quietYamlWarnings } from '../../server/src/lsp/processWarnings';
import { startPair, Pair } from '../support/lspPair';

function applyAction(uri: string, text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

async function actionsFor(pair: Pair, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return (await pair.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } })) as CodeAction[];
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-lsp-actions-'));
}

// Both secret defaults are inherited through the merge key: their findings share the rule and the service key's
// range. (Literal secrets are reported where they are written, once per definition, so they do not share one.)
const shared = `x-env: &env
  environment:
    POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-hunter2hunter2}
    LANGFUSE_SALT: \${LANGFUSE_SALT:-saltsaltsalt99}
services:
  api:
    <<: *env
    image: ghcr.io/acme/api:1.2.3
`;

test('findings sharing a range: each quick fix and suppression belongs to its own finding', async () => {
  const uri = pathToFileURL(path.join(tmpDir(), 'compose.yaml')).toString();
  const pair = await startPair();
  try {
    const { diagnostics } = await pair.open(uri, shared);
    const secrets = diagnostics.filter((d) => d.code === 'required-env-fail-fast');
    assert.equal(secrets.length, 2, secrets.map((d) => d.message).join(' | '));
    assert.deepEqual(secrets[0].range, secrets[1].range, 'the reproduction needs two findings on one range');
    const actions = await actionsFor(pair, uri, secrets);
    for (const [name, other] of [
      ['POSTGRES_PASSWORD', 'LANGFUSE_SALT'],
      ['LANGFUSE_SALT', 'POSTGRES_PASSWORD'],
    ]) {
      const diag = secrets.find((d) => d.message.includes(name))!;
      // Its fix, and the ignore entry (grouped with the other finding's when there are many) that covers it.
      const own = actions.filter((a) => a.diagnostics?.some((d) => d.message === diag.message));
      assert.ok(own.length >= 2, `actions for ${name}: ${actions.map((a) => a.title).join(' | ')}`);
      const fix = own.find((a) => a.isPreferred);
      assert.ok(fix, `a quick fix for ${name}`);
      assert.match(fix.title, new RegExp(name));
      assert.doesNotMatch(fix.title, new RegExp(other));
      const after = applyAction(uri, shared, fix);
      assert.ok(after.includes('${' + name), `the ${name} fix edits ${name}:\n${after}`);
      assert.ok(after.includes(`${other}: \${${other}:-${other === 'LANGFUSE_SALT' ? 'saltsaltsalt99' : 'hunter2hunter2'}}`), `the ${name} fix leaves ${other} alone`);
    }
    // A diagnostic without the finding's key (e.g. from an older server) matches nothing rather than the first finding on the range.
    const stale = { ...secrets[1], data: { ...(secrets[1].data as object), key: 'not-this-one' } };
    const none = await actionsFor(pair, uri, [stale]);
    assert.equal(none.filter((a) => a.kind === 'quickfix').length, 0);
    // Only findings that share their rule and range carry a key; the others bind by rule, range and message.
    const keyOf = (d: Diagnostic) => (d.data as { key?: unknown } | undefined)?.key;
    assert.ok(secrets.every((d) => typeof keyOf(d) === 'string'), 'findings sharing a range carry a key');
    const single = diagnostics.filter((d) => d.code !== 'required-env-fail-fast');
    assert.ok(single.length > 0 && single.every((d) => keyOf(d) === undefined), 'a finding alone on its range needs no key');
    const withFix: Diagnostic[] = [];
    for (const d of single) if ((await actionsFor(pair, uri, [d])).some((a) => a.isPreferred)) withFix.push(d);
    assert.ok(withFix.length > 0, 'a keyless diagnostic still gets its quick fix');
    // A keyless diagnostic whose message is no finding's (an older version of the file) binds nothing.
    const changed = { ...withFix[0], message: withFix[0].message + ' (before the edit)' };
    assert.equal((await actionsFor(pair, uri, [changed])).filter((a) => a.kind === 'quickfix').length, 0);
  } finally {
    pair.dispose();
  }
});

const fixable = `# stack
services:
  api:
    image: python:3.12.8-slim # app
    privileged: true
    ports:
      - "8000:8000"
`;

test('Fix all: offered without an edit (no fix-all computed for the lightbulb), the edit comes with resolve and equals fixAllText', async () => {
  const dir = tmpDir();
  const filePath = path.join(dir, 'compose.yaml');
  const uri = pathToFileURL(filePath).toString();
  const pair = await startPair();
  try {
    const { diagnostics } = await pair.open(uri, fixable);
    let computed = 0;
    const original = pair.server.codeActions.fixAll.bind(pair.server.codeActions);
    pair.server.codeActions.fixAll = (doc) => (computed++, original(doc));
    const lightbulb = await actionsFor(pair, uri, [diagnostics.find((d) => d.code === 'no-privileged')!]);
    const offered = lightbulb.find((a) => a.kind === 'source.fixAll.ai-stack');
    assert.ok(offered, lightbulb.map((a) => a.title).join(' | '));
    assert.equal(offered.edit, undefined);
    assert.deepEqual(offered.data, { uri, version: 1 });
    assert.equal(computed, 0, 'the lightbulb does not run fix-all');

    const resolved = (await pair.client.sendRequest(CodeActionResolveRequest.type, offered)) as CodeAction;
    assert.equal(computed, 1);
    const expected = fixAllText(filePath, fixable, pair.server.optionsFor(filePath)).text;
    assert.notEqual(expected, fixable);
    assert.equal(applyAction(uri, fixable, resolved), expected);
    assert.equal(resolved.title, offered.title);

    // source.fixAll (save, the Fix all command) gets the same action; resolving the same version again is not recomputed.
    const onSave = await actionsFor(pair, uri, [], ['source.fixAll']);
    assert.equal(onSave.length, 1);
    const again = (await pair.client.sendRequest(CodeActionResolveRequest.type, onSave[0])) as CodeAction;
    assert.equal(applyAction(uri, fixable, again), expected);
    assert.equal(computed, 2);
    assert.equal(pair.server.codeActions.fixAllResults.size, 1);

    // The document changed after the action was offered: the edit is computed for the text as it is now.
    const edited = fixable.replace('    privileged: true\n', '');
    await pair.change(uri, 2, edited);
    const late = (await pair.client.sendRequest(CodeActionResolveRequest.type, offered)) as CodeAction;
    assert.equal(applyAction(uri, edited, late), fixAllText(filePath, edited, pair.server.optionsFor(filePath)).text);
    // Nothing left to fix: no edit.
    const clean = fixAllText(filePath, edited, pair.server.optionsFor(filePath)).text;
    await pair.change(uri, 3, clean);
    const nothing = (await pair.client.sendRequest(CodeActionResolveRequest.type, { ...offered, data: { uri, version: 3 } })) as CodeAction;
    assert.equal(nothing.edit, undefined);
  } finally {
    pair.dispose();
  }
});

test('Fix all is offered for every dockercompose document and Dockerfile, whatever its name', async () => {
  const dir = tmpDir();
  const stack = path.join(dir, 'stack.yml');
  const stackUri = pathToFileURL(stack).toString();
  const build = path.join(dir, 'api.build');
  const buildUri = pathToFileURL(build).toString();
  const dockerfile = 'FROM python:latest\nADD app.py /app/\nCMD ["python", "/app/app.py"]\n';
  const pair = await startPair();
  try {
    const c = await pair.open(stackUri, fixable, 'dockercompose');
    assert.ok(c.diagnostics.some((d) => d.code === 'no-privileged'), 'checked as compose');
    const [composeAction] = await actionsFor(pair, stackUri, [], ['source.fixAll']);
    assert.ok(composeAction, 'Fix all offered for stack.yml');
    const composeFixed = applyAction(stackUri, fixable, (await pair.client.sendRequest(CodeActionResolveRequest.type, composeAction)) as CodeAction);
    // The same fixes as for a file under a default compose name in the same folder.
    const same = path.join(dir, 'compose.yaml');
    assert.equal(composeFixed, fixAllText(same, fixable, pair.server.optionsFor(same)).text);
    assert.notEqual(composeFixed, fixable);

    const d = await pair.open(buildUri, dockerfile, 'dockerfile');
    assert.ok(d.diagnostics.length > 0, 'checked as a Dockerfile');
    const [dockerAction] = await actionsFor(pair, buildUri, [], ['source.fixAll']);
    assert.ok(dockerAction, 'Fix all offered for api.build');
    const dockerFixed = applyAction(buildUri, dockerfile, (await pair.client.sendRequest(CodeActionResolveRequest.type, dockerAction)) as CodeAction);
    const named = path.join(dir, 'Dockerfile');
    assert.equal(dockerFixed, fixAllText(named, dockerfile, pair.server.optionsFor(named)).text);
    assert.notEqual(dockerFixed, dockerfile);
  } finally {
    pair.dispose();
  }
});

test("yaml's collection-key warnings are logged once at log level, without the key; other warnings pass through", async () => {
  const pair = await startPair();
  const logged: LogMessageParams[] = [];
  pair.client.onNotification(LogMessageNotification.type, (p) => logged.push(p));
  const passed: string[] = [];
  const onWarning = (w: Error) => passed.push(w.message);
  process.on('warning', onWarning);
  const restore = quietYamlWarnings((m) => pair.server.connection.console.log(m));
  try {
    for (let i = 0; i < 3; i++) process.emitWarning('Keys with collection values will be stringified due to JS Object restrictions: "{ token: s3cr3t-value }". Set mapAsMap: true to use object keys.');
    process.emitWarning('something else', 'ExperimentalWarning');
    await new Promise((r) => setTimeout(r, 100));
    const ours = logged.filter((l) => /mapping or list as a key/.test(l.message));
    assert.equal(ours.length, 1, JSON.stringify(logged));
    assert.equal(ours[0].type, MessageType.Log);
    assert.ok(!logged.some((l) => l.message.includes('s3cr3t') || l.type === MessageType.Error), JSON.stringify(logged));
    assert.deepEqual(passed, ['something else']);
  } finally {
    restore();
    process.off('warning', onWarning);
    pair.dispose();
  }
});

test('the lightbulb of a service with many findings: fixes first, the ignores folded into one entry that carries every choice', async () => {
  const pair = await startPair();
  try {
    const uri = pathToFileURL(path.join(tmpDir(), 'compose.yaml')).href;
    const text = 'services:\n  api: # the app\n    image: python:3.12.8-slim\n';
    const { diagnostics } = await pair.open(uri, text);
    const atService = diagnostics.filter((d) => d.range.start.line === 1);
    assert.ok(atService.length >= 5, `expected many findings at the service key, got ${atService.length}`);
    const actions = await actionsFor(pair, uri, atService);
    const ignores = actions.filter((a) => a.title.startsWith('Ignore'));
    assert.equal(ignores.length, 1, actions.map((a) => a.title).join(' | '));
    const [group] = ignores;
    const firstIgnore = actions.indexOf(group);
    assert.ok(actions.slice(0, firstIgnore).length > 0 && actions.slice(firstIgnore + 1).every((a) => a.kind !== 'quickfix'), 'every fix comes before the ignore entry');
    assert.equal(group.command?.command, 'aiStack.chooseIgnore');
    const choices = group.command!.arguments![0] as { title: string; edit: CodeAction['edit'] }[];
    assert.equal(choices.length, atService.length * 2, 'for each finding: on this line and for the service');
    const chosen = choices.find((c) => /^Ignore read-only-rootfs on this line/.test(c.title))!;
    const ignored = applyAction(uri, text, { title: chosen.title, edit: chosen.edit });
    const after = await pair.change(uri, 2, ignored);
    assert.ok(!after.diagnostics.some((d) => d.code === 'read-only-rootfs'), ignored);
    assert.ok(ignored.includes('# the app'), 'comment kept');
  } finally {
    pair.dispose();
  }
});
