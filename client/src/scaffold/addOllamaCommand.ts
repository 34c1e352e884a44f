/** "AI Stack: Add GPU Ollama service": pick or create the compose file, ask GPUs and network, apply minimal edits. */
import * as vscode from 'vscode';
import { addOllamaService, DEFAULT_NETWORK } from '../../../server/src/scaffold';
import { applyServiceResult, askNetwork, currentText, pickComposeFile } from './serviceCommand';

export async function addOllamaCommand(): Promise<void> {
  const target = await pickComposeFile('Ollama');
  if (!target) return;
  const count = await vscode.window.showInputBox({ prompt: 'GPUs to reserve for Ollama (a number, or "all")', value: 'all', validateInput: (v) => (/^(all|[1-9]\d*)$/.test(v.trim()) ? undefined : 'A positive number or "all"') });
  if (count === undefined) return;
  const net = await askNetwork(DEFAULT_NETWORK, 'http://ollama:11434');
  if (!net) return;
  const current = await currentText(target);
  const result = addOllamaService(current, { gpuCount: count.trim() === 'all' ? 'all' : Number(count), network: net.network, externalNetwork: net.external, baseImages: vscode.workspace.getConfiguration('aiStack.scaffold').get('baseImages') ?? {} });
  await applyServiceResult(target, current, result, 'Ollama');
}
