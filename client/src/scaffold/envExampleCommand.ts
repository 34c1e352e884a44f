/** "AI Stack: Generate .env.example" from the variables the workspace's compose files reference. */
import * as vscode from 'vscode';
import { generateEnvExample } from './generators/envExample';
import { readText } from './write';

export async function generateEnvExampleCommand(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick();
  if (!folder) return;
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{compose,docker-compose}*.{yml,yaml}'), '**/node_modules/**', 50);
  if (found.length === 0) {
    void vscode.window.showErrorMessage('No compose files found in this folder.');
    return;
  }
  const sources = [];
  for (const uri of found) {
    const text = await readText(uri);
    if (text !== undefined) sources.push({ path: vscode.workspace.asRelativePath(uri, false), text });
  }
  const target = vscode.Uri.joinPath(folder.uri, '.env.example');
  const existing = await readText(target);
  const { text, added } = generateEnvExample(sources, existing);
  if (existing !== undefined && added.length === 0) {
    void vscode.window.showInformationMessage('.env.example already lists every variable the compose files use.');
    return;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target);
  void vscode.window.showInformationMessage(existing === undefined ? `.env.example written with ${added.length} variables.` : `Added ${added.length} variables to .env.example: ${added.join(', ')}`);
}
