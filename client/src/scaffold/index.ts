/**
 * Scaffolding commands: Dockerfile generation, the GPU Ollama / vLLM / TGI services and .env.example.
 * Thin VS Code commands (pick, ask, preview, write) over the shared generators in server/src/scaffold,
 * which `ai-stack init` uses too.
 */
import * as vscode from 'vscode';
import { addModelServerCommand } from './addModelServerCommand';
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
    vscode.commands.registerCommand('aiStack.addVllmService', guard(addModelServerCommand('vllm'))),
    vscode.commands.registerCommand('aiStack.addTgiService', guard(addModelServerCommand('tgi'))),
    vscode.commands.registerCommand('aiStack.generateEnvExample', guard(generateEnvExampleCommand)),
  );
}
