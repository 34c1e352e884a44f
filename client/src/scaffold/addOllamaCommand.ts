/** "AI Stack: Add GPU Ollama service": pick or create the compose file, ask GPUs and network, apply minimal edits. */
import * as vscode from 'vscode';
import { addOllamaService, DEFAULT_NETWORK } from './generators/ollama';
import { readText } from './write';

const COMPOSE_GLOB = '**/{compose,docker-compose}*.{yml,yaml}';

async function pickComposeFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const found = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 50);
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri, picked: uri.toString() === active?.uri.toString() }));
  items.sort((a, b) => Number(!!b.picked) - Number(!!a.picked));
  items.push({ label: '$(new-file) Create compose.yaml', description: 'in the first workspace folder' });
  const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Compose file to add the Ollama service to' });
  if (!pick) return undefined;
  if (pick.uri) return pick.uri;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: compose.yaml is created in the workspace folder.');
    return undefined;
  }
  return vscode.Uri.joinPath(folder.uri, 'compose.yaml');
}

export async function addOllamaCommand(): Promise<void> {
  const target = await pickComposeFile();
  if (!target) return;
  const count = await vscode.window.showInputBox({ prompt: 'GPUs to reserve for Ollama (a number, or "all")', value: 'all', validateInput: (v) => (/^(all|[1-9]\d*)$/.test(v.trim()) ? undefined : 'A positive number or "all"') });
  if (count === undefined) return;
  const network = await vscode.window.showInputBox({ prompt: 'Network the apps join to reach http://ollama:11434', value: DEFAULT_NETWORK, validateInput: (v) => (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(v.trim()) ? undefined : 'Letters, digits, _ . -') });
  if (network === undefined) return;
  const shared = await vscode.window.showQuickPick(
    [
      { label: 'Create it with this project', external: false },
      { label: 'External (shared model server)', description: 'created once with docker network create', external: true },
    ],
    { placeHolder: `Network ${network}` },
  );
  if (!shared) return;

  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const current = open?.getText() ?? (await readText(target));
  const result = addOllamaService(current, { gpuCount: count.trim() === 'all' ? 'all' : Number(count), network: network.trim(), externalNetwork: shared.external, baseImages: vscode.workspace.getConfiguration('aiStack.scaffold').get('baseImages') ?? {} });
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.message);
    return;
  }
  if (result.mode === 'baseline') {
    if (result.changes.length === 0) {
      void vscode.window.showInformationMessage('The Ollama service already meets the baseline.');
      return;
    }
    const ok = await vscode.window.showInformationMessage(`An Ollama service exists. Bring it up to the baseline? Adds: ${result.changes.join(', ')}`, { modal: true }, 'Add missing settings');
    if (ok !== 'Add missing settings') return;
  }
  if (current === undefined) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  } else {
    const doc = open ?? (await vscode.workspace.openTextDocument(target));
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(target, new vscode.Range(doc.positionAt(e.range.start), doc.positionAt(e.range.end)), e.newText);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(target);
  for (const note of result.notes) void vscode.window.showInformationMessage(note);
}
