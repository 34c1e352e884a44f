/** "AI Stack: Generate .env.example" from the variables the workspace's compose files reference. */
import * as vscode from 'vscode';
import { generateEnvExample } from '../../../server/src/scaffold';
import { readText } from './write';

export async function generateEnvExampleCommand(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick();
  if (!folder) return;
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{compose,docker-compose}*.{yml,yaml}'), '**/node_modules/**', 50);
  if (found.length === 0) {
    void vscode.window.showErrorMessage('No compose files found in this folder.');
    return;
  }
  // One compose project per folder: each gets its own .env.example beside its compose files
  // (compose reads .env from the project directory, so one merged root file would be wrong).
  const byDir = new Map<string, vscode.Uri[]>();
  for (const uri of found) {
    const dir = vscode.Uri.joinPath(uri, '..').toString();
    byDir.set(dir, [...(byDir.get(dir) ?? []), uri]);
  }
  let dirs = [...byDir.keys()].sort();
  if (dirs.length > 1) {
    const picked = await vscode.window.showQuickPick(
      dirs.map((d) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(d), false) || '.', description: `${byDir.get(d)!.length} compose file(s)`, picked: true, dir: d })),
      { canPickMany: true, placeHolder: 'Compose projects to write a .env.example for (one beside each)' },
    );
    if (!picked?.length) return;
    dirs = picked.map((p) => p.dir);
  }
  const reports: string[] = [];
  let last: vscode.Uri | undefined;
  for (const dir of dirs) {
    const sources = [];
    for (const uri of byDir.get(dir)!) {
      const text = await readText(uri);
      if (text !== undefined) sources.push({ path: vscode.workspace.asRelativePath(uri, false), text });
    }
    const target = vscode.Uri.joinPath(vscode.Uri.parse(dir), '.env.example');
    const existing = await readText(target);
    const { text, added } = generateEnvExample(sources, existing);
    const where = vscode.workspace.asRelativePath(target, false);
    if (existing !== undefined && added.length === 0) {
      reports.push(`${where} already lists every variable`);
      continue;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    last = target;
    reports.push(existing === undefined ? `${where} written with ${added.length} variables` : `${where}: added ${added.join(', ')}`);
  }
  if (last) await vscode.window.showTextDocument(last);
  void vscode.window.showInformationMessage(reports.join('; ') + '.');
}
