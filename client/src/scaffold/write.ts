/** Writing generated files without ever overwriting an existing one silently. */
import * as vscode from 'vscode';

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Writes `text` to `target`; when it exists, the user chooses: diff, overwrite, write beside, or skip. */
export async function writeWithChoice(target: vscode.Uri, text: string, language?: string): Promise<vscode.Uri | undefined> {
  const name = target.path.split('/').pop()!;
  if (!(await exists(target))) {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    return target;
  }
  for (;;) {
    const choice = await vscode.window.showWarningMessage(`${name} already exists.`, { modal: true }, 'Show diff', 'Overwrite', 'Write beside');
    if (choice === 'Show diff') {
      const proposed = await vscode.workspace.openTextDocument({ content: text, language });
      await vscode.commands.executeCommand('vscode.diff', target, proposed.uri, `${name} ↔ generated`);
      continue;
    }
    if (choice === 'Overwrite') {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      return target;
    }
    if (choice === 'Write beside') {
      const beside = await freeName(target);
      await vscode.workspace.fs.writeFile(beside, new TextEncoder().encode(text));
      return beside;
    }
    return undefined;
  }
}

/** `Dockerfile.ai-stack`, `Dockerfile.ai-stack-2`, … next to the original. */
async function freeName(target: vscode.Uri): Promise<vscode.Uri> {
  for (let i = 1; ; i++) {
    const candidate = target.with({ path: `${target.path}.ai-stack${i === 1 ? '' : `-${i}`}` });
    if (!(await exists(candidate))) return candidate;
  }
}
