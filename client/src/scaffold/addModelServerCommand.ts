/** "AI Stack: Add vLLM service…" / "Add TGI service…": compose file, GPUs, model, network, callers; then minimal edits. */
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { addModelServer, DEFAULT_MODEL, DEFAULT_NETWORK, MODEL_ID, MODEL_SERVERS, type ModelServerKind } from '../../../server/src/scaffold';
import { applyServiceResult, askNetwork, currentText, pickComposeFile } from './serviceCommand';

/** Service names of compose text (none when it does not parse as a mapping). */
function serviceNames(text: string | undefined): string[] {
  const services = text ? (parseDocument(text).toJS() as { services?: unknown } | null)?.services : undefined;
  return services && typeof services === 'object' && !Array.isArray(services) ? Object.keys(services) : [];
}

export function addModelServerCommand(kind: ModelServerKind): () => Promise<void> {
  return async () => {
    const k = MODEL_SERVERS[kind];
    const target = await pickComposeFile(k.label);
    if (!target) return;
    const count = await vscode.window.showInputBox({ prompt: `GPUs to reserve for ${k.label} (the model is split over exactly that many)`, value: '1', validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'A positive number') });
    if (count === undefined) return;
    const model = await vscode.window.showInputBox({ prompt: 'Hugging Face model id to serve', value: DEFAULT_MODEL, validateInput: (v) => (MODEL_ID.test(v.trim()) ? undefined : 'owner/name, e.g. ' + DEFAULT_MODEL) });
    if (model === undefined) return;
    const net = await askNetwork(DEFAULT_NETWORK, `http://${k.name}:${k.port}/v1`);
    if (!net) return;
    const current = await currentText(target);
    const names = serviceNames(current).filter((n) => n !== k.name);
    let consumers: string[] = [];
    if (names.length) {
      const picked = await vscode.window.showQuickPick(
        names.map((label) => ({ label })),
        { canPickMany: true, placeHolder: `Services that call ${k.label} (it joins their networks; callers naming http://${k.name}:… are found anyway)` },
      );
      if (!picked) return;
      consumers = picked.map((p) => p.label);
    }
    const result = addModelServer(kind, current, {
      gpuCount: Number(count),
      model: model.trim(),
      network: net.network,
      externalNetwork: net.external,
      consumers,
      baseImages: vscode.workspace.getConfiguration('aiStack.scaffold').get('baseImages') ?? {},
    });
    await applyServiceResult(target, current, result, k.label);
  };
}
