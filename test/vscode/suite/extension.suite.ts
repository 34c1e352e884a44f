/**
 * The extension through the vscode API, in a real editor: diagnostics, code actions, Fix all, the
 * task provider and the Containers tree. The workspace is a copy of examples/ (runTest.mjs).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'ai-stack.ai-stack';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite needs a workspace folder with the examples');
  return f.uri;
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ai-stack');
}

function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

suite('AI Stack extension', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
  });

  test('compose.yaml gets ai-stack diagnostics', async () => {
    const doc = await open('compose.yaml');
    const diags = await until('compose diagnostics', () => (ours(doc.uri).some((d) => code(d) === 'no-hardcoded-secrets') ? ours(doc.uri) : undefined));
    const codes = new Set(diags.map(code));
    for (const rule of ['no-hardcoded-secrets', 'port-no-wildcard-bind', 'depends-on-healthy', 'no-version-field']) assert.ok(codes.has(rule), `${rule} reported (got ${[...codes].join(', ')})`);
    const secret = diags.find((d) => code(d) === 'no-hardcoded-secrets');
    assert.equal(secret?.severity, vscode.DiagnosticSeverity.Error);
  });

  test('api/Dockerfile gets ai-stack diagnostics', async () => {
    const doc = await open('api/Dockerfile');
    const diags = await until('Dockerfile diagnostics', () => (ours(doc.uri).length ? ours(doc.uri) : undefined));
    assert.ok(diags.some((d) => code(d) === 'dockerfile-user-non-root'));
  });

  test('a quick fix removes the obsolete version field', async () => {
    const doc = await open('compose.yaml');
    const diag = await until('no-version-field', () => ours(doc.uri).find((d) => code(d) === 'no-version-field'));
    // Quick fixes carry their edit; only "Fix all" is resolved lazily (its own test below), so nothing is resolved here.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions?.find((a) => a.title === 'Remove the obsolete version field' && a.edit);
    assert.ok(fix?.edit, `a quick fix with an edit (got ${actions?.map((a) => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(!/^version:/m.test(doc.getText()), 'version field removed');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('source.fixAll.ai-stack and the Fix all command fix every safe finding', async () => {
    const doc = await open('compose.yaml');
    await until('diagnostics', () => ours(doc.uri).length > 0 || undefined);
    const before = ours(doc.uri).length;
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, 'source.fixAll.ai-stack');
    assert.ok(actions?.some((a) => a.kind?.value === 'source.fixAll.ai-stack'), 'a source.fixAll.ai-stack action');
    assert.equal(await vscode.commands.executeCommand('aiStack.fixAll'), true);
    const after = await until('fewer diagnostics after Fix all', () => {
      const n = ours(doc.uri).length;
      return n < before ? n + 1 : undefined;
    });
    assert.ok(after - 1 > 0, 'some findings need a decision and stay');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the task provider offers migrate, smoke, wait-healthy and deploy', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'ai-stack' });
    const names = tasks.map((t) => t.name);
    for (const action of ['migrate', 'smoke', 'wait-healthy', 'deploy']) assert.ok(names.some((n) => n === action || n.startsWith(`${action} (`)), `${action} task (got ${names.join(', ')})`);
    const smoke = tasks.find((t) => t.name === 'smoke');
    assert.equal(smoke?.source, 'ai-stack');
  });

  test('the Containers tree lists compose projects (needs the exported tree provider)', async () => {
    const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { containersTree?: vscode.TreeDataProvider<unknown> } | undefined;
    assert.ok(api?.containersTree, 'activate() exports { containersTree }');
    const roots = await until('tree roots', async () => {
      const r = await api.containersTree!.getChildren();
      return r && r.length ? r : undefined;
    });
    const items = await Promise.all(roots.map((n) => api.containersTree!.getTreeItem(n)));
    assert.ok(items.every((i) => typeof (typeof i.label === 'object' ? i.label.label : i.label) === 'string'));
  });
});
