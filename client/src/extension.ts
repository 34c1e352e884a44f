/** Wires the features; each lives in its own folder and registers its own commands. */
import * as vscode from 'vscode';
import { fixAllInActiveEditor, startLanguageClient } from './language/client';
import { registerContainers } from './containers';
import { registerScaffold } from './scaffold';
import { registerTasks } from './tasks';

export async function activate(context: vscode.ExtensionContext) {
  context.subscriptions.push(vscode.commands.registerCommand('aiStack.fixAll', fixAllInActiveEditor));
  // Features that need no server first, so the view and commands work even if the server fails to start.
  registerContainers(context);
  registerScaffold(context);
  registerTasks(context);
  try {
    await startLanguageClient(context);
  } catch (e) {
    void vscode.window.showErrorMessage(`AI Stack language server did not start: ${(e as Error).message}`);
  }
}

export function deactivate(): void {
  // Disposables registered on the context stop the client, streams and watchers.
}
