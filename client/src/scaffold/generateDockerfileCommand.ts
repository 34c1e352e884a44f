/** "AI Stack: Generate Dockerfile": detect the project in a folder, preview, then write without clobbering. */
import * as vscode from 'vscode';
import { APP_MARKERS, APP_SKIP_DIRS, compareFolders, detectProject, generateDockerfile, MAX_FOLDERS, PROJECT_DIRS, PROJECT_FILES } from '../../../server/src/scaffold';
import { showPreview } from './preview';
import { exists, readText, writeWithChoice } from './write';

/** Folders that look like an app (package.json, requirements.txt, pyproject.toml…), nearest first. */
async function candidateFolders(): Promise<vscode.Uri[]> {
  const markers = await vscode.workspace.findFiles(`**/{${APP_MARKERS.join(',')}}`, `**/{${APP_SKIP_DIRS.join(',')}}/**`, MAX_FOLDERS);
  const dirs = new Map<string, vscode.Uri>();
  for (const m of markers) {
    const dir = vscode.Uri.joinPath(m, '..');
    dirs.set(dir.toString(), dir);
  }
  return [...dirs.values()].sort((a, b) => compareFolders(a.path, b.path));
}

/**
 * The app folder to generate for: the one given (explorer context menu), else the only app folder of
 * the workspace, else the user picks among the app folders found (the example app lives in `api/`).
 */
async function pickFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open a folder first: the Dockerfile is generated for a project folder.');
    return undefined;
  }
  const candidates = await candidateFolders();
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    if (folders.length === 1) return folders[0].uri;
    return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Project folder for the Dockerfile' }))?.uri;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, folders.length > 1) || '.', description: uri.fsPath, uri })),
    { placeHolder: 'App folder for the Dockerfile' },
  );
  return picked?.uri;
}

async function readProject(folder: vscode.Uri): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  await Promise.all(
    PROJECT_FILES.map(async (f) => {
      const text = await readText(vscode.Uri.joinPath(folder, f));
      if (text !== undefined) files[f] = text;
    }),
  );
  for (const d of PROJECT_DIRS) if (await exists(vscode.Uri.joinPath(folder, d))) files[d] = '';
  return files;
}

export async function generateDockerfileCommand(arg?: unknown): Promise<void> {
  const folder = await pickFolder(arg);
  if (!folder) return;
  const detected = detectProject(await readProject(folder));
  if (!detected.ok) {
    void vscode.window.showErrorMessage(detected.message);
    return;
  }
  const config = vscode.workspace.getConfiguration('aiStack.scaffold', folder);
  let port = config.get<number | null>('port') ?? undefined;
  if (port === undefined) {
    const answer = await vscode.window.showInputBox({
      prompt: 'Port the app listens on (exposed and probed by the HEALTHCHECK)',
      value: String(detected.project.defaultPort),
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? undefined : 'A port number between 1 and 65535'),
    });
    if (answer === undefined) return;
    port = Number(answer);
  }
  const files = generateDockerfile(detected.project, { port, healthPath: config.get<string>('healthPath') || '/health', baseImages: config.get<Record<string, string>>('baseImages') ?? {} });

  const closePreview = await showPreview('Dockerfile (generated)', files.dockerfile, 'dockerfile');
  const notes = detected.notes.length ? ` Note: ${detected.notes.join(' ')}` : '';
  const go = await vscode.window.showInformationMessage(`Write this Dockerfile and a .dockerignore to ${vscode.workspace.asRelativePath(folder)}?${notes}`, { modal: true }, 'Write');
  await closePreview();
  if (go !== 'Write') return;
  const written = await writeWithChoice(vscode.Uri.joinPath(folder, 'Dockerfile'), files.dockerfile, 'dockerfile');
  await writeWithChoice(vscode.Uri.joinPath(folder, '.dockerignore'), files.dockerignore, 'ignore');
  if (written) await vscode.window.showTextDocument(written);
}
