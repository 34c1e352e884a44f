/** Scaffolding commands: Dockerfile generation, the GPU Ollama service and .env.example. */
import * as vscode from 'vscode';
import { addOllamaCommand } from './addOllamaCommand';
import { generateDockerfileCommand } from './generateDockerfileCommand';
import { generateEnvExampleCommand } from './envExampleCommand';
import { registerPreviews } from './preview';

export function registerScaffold(context: vscode.ExtensionContext): void {
  const guard = (fn: (...args: unknown[]) => Promise<void>) => async (...args: unknown[]) => {
    try {
      await fn(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(`AI Stack: ${(e as Error).message}`);
    }
  };
  context.subscriptions.push(
    registerPreviews(),
    vscode.commands.registerCommand('aiStack.generateDockerfile', guard(generateDockerfileCommand)),
    vscode.commands.registerCommand('aiStack.addOllamaService', guard(addOllamaCommand)),
    vscode.commands.registerCommand('aiStack.generateEnvExample', guard(generateEnvExampleCommand)),
  );
}
