/** Starts the AI Stack language server (IPC) for compose files, Dockerfiles and `.ai-stack.json`. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { EngineTarget } from './engineTarget';

function composeSelectors(patterns: string[]): LanguageClientOptions['documentSelector'] {
  const globs = patterns.map((p) => `**/${p}`);
  return [
    { language: 'dockercompose' },
    ...globs.map((pattern) => ({ language: 'yaml', pattern })),
    { language: 'dockerfile' },
    { pattern: '**/.ai-stack.json' },
  ];
}

/** One watcher glob for the compose file name patterns of the setting (its default is the engine's list, checked by a test). */
function composeWatchGlob(patterns: string[]): string {
  return patterns.length === 1 ? `**/${patterns[0]}` : `**/{${patterns.join(',')}}`;
}

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const patterns = vscode.workspace.getConfiguration('aiStack').get<string[]>('composeFilePatterns') ?? [];
  // Assigned once the client exists; the engine's answer arrives later.
  let client: LanguageClient | undefined;
  const engineTarget = new EngineTarget(() => void client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null }));
  const clientOptions: LanguageClientOptions = {
    middleware: {
      workspace: {
        // The server pulls `aiStack`; the engine's swarm-manager answer (opt-in) rides along.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) return answer;
          return answer.map((value, i) => (params.items[i]?.section === 'aiStack' ? engineTarget.withEngine(value) : value));
        },
      },
    },
    documentSelector: composeSelectors(patterns),
    synchronize: {
      configurationSection: 'aiStack',
      // The server checks every compose file and Dockerfile of the workspace (aiStack.diagnostics.scope):
      // created, changed and deleted files keep Problems current; .gitignore changes what is checked.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.ai-stack.json'),
        vscode.workspace.createFileSystemWatcher('**/.env'),
        vscode.workspace.createFileSystemWatcher('**/.gitignore'),
        ...(patterns.length ? [vscode.workspace.createFileSystemWatcher(composeWatchGlob(patterns))] : []),
        // Dockerfiles a service builds: their USER/HEALTHCHECK/EXPOSE/VOLUME count for the compose checks.
        vscode.workspace.createFileSystemWatcher('**/*{Dockerfile,dockerfile,Containerfile}*'),
        // \`extends.file\` and \`include\` targets may have any YAML name: the server re-checks the files that read them.
        vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml}'),
      ],
    },
    diagnosticCollectionName: 'ai-stack',
    // The server's own log (and, with aiStack.trace.server, the LSP traffic) in a log channel of its own.
    outputChannel: vscode.window.createOutputChannel('AI Stack Language Server', { log: true }),
  };
  const started = new LanguageClient('aiStack', 'AI Stack', serverOptions, clientOptions);
  client = started;
  await started.start();
  context.subscriptions.push(started);
  void engineTarget.probe();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void engineTarget.probe()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('aiStack.swarm.detectFromEngine') || e.affectsConfiguration('aiStack.docker.host')) void engineTarget.probe();
    }),
  );
  // A folder that appears at once (a checkout, an unzip, mkdir then write) may be reported as the folder
  // alone, which the name globs above never match: tell the server, which lists what the folder holds.
  // A deleted folder likewise arrives as the folder alone: its files' diagnostics must go too.
  const folderWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  folderWatcher.onDidDelete(async (uri) => {
    if (uri.scheme !== 'file' || /[\\/](node_modules|\.git)([\\/]|$)/.test(uri.fsPath)) return;
    await started.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri.toString(), type: FileChangeType.Deleted }] });
  });
  folderWatcher.onDidCreate(async (uri) => {
    if (uri.scheme !== 'file' || /[\\/](node_modules|\.git)([\\/]|$)/.test(uri.fsPath)) return;
    try {
      if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return;
    } catch {
      return; // gone again
    }
    await started.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri.toString(), type: FileChangeType.Created }] });
  });
  context.subscriptions.push(folderWatcher);
  // The lightbulb folds many "Ignore …" actions into one entry: the user picks which one here.
  context.subscriptions.push(
    vscode.commands.registerCommand('aiStack.chooseIgnore', async (choices: { title: string; edit?: unknown }[] = []) => {
      const picked = await vscode.window.showQuickPick(choices.map((c) => ({ label: c.title, choice: c })), { placeHolder: 'Ignore which finding, where?' });
      if (!picked?.choice.edit) return;
      const edit = await started.protocol2CodeConverter.asWorkspaceEdit(picked.choice.edit as Parameters<typeof started.protocol2CodeConverter.asWorkspaceEdit>[0]);
      if (edit) await vscode.workspace.applyEdit(edit);
    }),
  );
  // The selector is fixed at start: restart when the patterns change so new names are picked up.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('aiStack.composeFilePatterns')) {
        const next = vscode.workspace.getConfiguration('aiStack').get<string[]>('composeFilePatterns') ?? [];
        started.clientOptions.documentSelector = composeSelectors(next);
        await started.restart();
      }
    }),
  );
  return started;
}

/** "Fix all ai-stack problems in this file": runs our source.fixAll code action on the active editor. */
export async function fixAllInActiveEditor(): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a compose file or Dockerfile to fix its ai-stack problems.');
    return false;
  }
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  // The server computes the edit of Fix all on resolve: ask for the first action resolved.
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, 'source.fixAll.ai-stack', 1);
  const action = actions?.find((a) => a.kind?.value === 'source.fixAll.ai-stack');
  if (!action?.edit) {
    void vscode.window.showInformationMessage('No automatically fixable ai-stack problems in this file.');
    return false;
  }
  return vscode.workspace.applyEdit(action.edit);
}
