/**
 * Read-only previews of generated text: a virtual document (scheme `ai-stack-preview`) instead of
 * an untitled editor, which would stay dirty and ask to be saved on close. Closed when done.
 */
import * as vscode from 'vscode';

const SCHEME = 'ai-stack-preview';
const texts = new Map<string, string>();
let counter = 0;

export function registerPreviews(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '' });
}

/** Shows `text` read-only under `name` (e.g. "Dockerfile (generated)"); returns a function that closes it. */
export async function showPreview(name: string, text: string, language: string): Promise<() => Promise<void>> {
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++counter}/${name}` });
  texts.set(uri.toString(), text);
  const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
  await vscode.window.showTextDocument(doc, { preview: true });
  return async () => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    texts.delete(uri.toString());
  };
}
