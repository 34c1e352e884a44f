/** Wires the features; each lives in its own folder and registers its own commands. */
import * as vscode from 'vscode';
import { fixAllInActiveEditor, startLanguageClient } from './language/client';
import { registerContainers } from './containers';
import { registerScaffold } from './scaffold';
import { registerTasks } from './tasks';

export async function activate(context: vscode.ExtensionContext) {
  context.subscriptions.push(vscode.commands.registerCommand('aiStack.fixAll', fixAllInActiveEditor));
  // Features that need no server first, so the view and commands work even if the server fails to start.
  const containersTree = registerContainers(context);
  registerScaffold(context);
  registerTasks(context);
  // Not awaited: activation finishes while the server starts, so the view and commands are ready at once.
  startLanguageClient(context).catch((e: Error) => void vscode.window.showErrorMessage(`AI Stack language server did not start: ${e.message}`));
  // For the in-editor test suite (and other extensions): the tree the Containers view shows.
  return { containersTree };
}

export function deactivate(): void {
  // Disposables registered on the context stop the client, streams and watchers.
}
