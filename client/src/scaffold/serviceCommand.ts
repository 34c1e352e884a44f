/** What the "Add … service" commands share: picking the compose file and applying the generator's minimal edits. */
import * as vscode from 'vscode';
import { NETWORK_NAME, type ServiceResult } from '../../../server/src/scaffold';
import { readText } from './write';

const COMPOSE_GLOB = '**/{compose,docker-compose}*.{yml,yaml}';

/** A compose file of the workspace (the active one first), or compose.yaml to create in the first folder. */
export async function pickComposeFile(label: string): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const found = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 50);
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri, picked: uri.toString() === active?.uri.toString() }));
  items.sort((a, b) => Number(!!b.picked) - Number(!!a.picked));
  items.push({ label: '$(new-file) Create compose.yaml', description: 'in the first workspace folder' });
  const pick = await vscode.window.showQuickPick(items, { placeHolder: `Compose file to add the ${label} service to` });
  if (!pick) return undefined;
  if (pick.uri) return pick.uri;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: compose.yaml is created in the workspace folder.');
    return undefined;
  }
  return vscode.Uri.joinPath(folder.uri, 'compose.yaml');
}

/** The text of the target as the editor has it (unsaved changes included), or undefined when it does not exist yet. */
export async function currentText(target: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  return open?.getText() ?? (await readText(target));
}

/**
 * Applies a generator's result: a new file is written, an existing one gets the minimal edits (an
 * undoable change in the editor). Bringing an existing service up to the baseline is asked first.
 */
export async function applyServiceResult(target: vscode.Uri, current: string | undefined, result: ServiceResult, label: string): Promise<void> {
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.message);
    return;
  }
  if (result.mode === 'baseline') {
    if (result.changes.length === 0) {
      void vscode.window.showInformationMessage(`The ${label} service already meets the baseline.`);
      return;
    }
    const ok = await vscode.window.showInformationMessage(`A ${label} service exists. Bring it up to the baseline? Adds: ${result.changes.join(', ')}`, { modal: true }, 'Add missing settings');
    if (ok !== 'Add missing settings') return;
  }
  if (current === undefined) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  } else {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) ?? (await vscode.workspace.openTextDocument(target));
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(target, new vscode.Range(doc.positionAt(e.range.start), doc.positionAt(e.range.end)), e.newText);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(target);
  for (const note of result.notes) void vscode.window.showInformationMessage(note);
}

export async function askNetwork(defaultName: string, reach: string): Promise<{ network: string; external: boolean } | undefined> {
  const network = await vscode.window.showInputBox({ prompt: `Network the apps join to reach ${reach}`, value: defaultName, validateInput: (v) => (NETWORK_NAME.test(v.trim()) ? undefined : 'Letters, digits, _ . -') });
  if (network === undefined) return undefined;
  const shared = await vscode.window.showQuickPick(
    [
      { label: 'Create it with this project', external: false },
      { label: 'External (shared model server)', description: 'created once with docker network create', external: true },
    ],
    { placeHolder: `Network ${network}` },
  );
  if (!shared) return undefined;
  return { network: network.trim(), external: shared.external };
}
