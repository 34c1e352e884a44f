// Actions of the Containers view: container lifecycle, logs, shell, inspect, go to compose service,
// and compose project up/down/restart. Changes show up through the model's event stream, not a refresh.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { detectComposeCli, displayCommand, composeArgv, runCompose, type ComposeCommandSetting } from '../../../runtime/src';
import { cliEnvironment, type ResolvedEngine } from '../../../runtime/src';
import type { ContainerItem } from '../../../runtime/src';
import { describeError, type ContainerModel } from '../../../runtime/src';
import { redactInspect } from '../../../runtime/src';
import { findServiceKey } from './serviceLocation';
import { openLogsTerminal, openShellTerminal } from './terminals';
import type { Node } from './treeProvider';

export const INSPECT_SCHEME = 'aistack-inspect';

export interface CommandContext {
  model: () => ContainerModel | undefined;
  output: vscode.OutputChannel;
}

export function registerContainerCommands(ctx: CommandContext): vscode.Disposable[] {
  const withContainer =
    (fn: (item: ContainerItem, model: ContainerModel, node: Node) => unknown) =>
    async (node?: Node) => {
      const model = ctx.model();
      const id = node && 'id' in node ? node.id : undefined;
      const item = id ? model?.get(id) : undefined;
      if (!model || !item || !node) return void vscode.window.showWarningMessage('Pick a container in the AI Stack Containers view.');
      try {
        await fn(item, model, node);
      } catch (e) {
        void vscode.window.showErrorMessage(`${item.name}: ${describeError(e)}`);
      }
    };
  const docker = (model: ContainerModel) => {
    const d = model.client();
    if (!d) throw new Error('not connected to Docker');
    return d;
  };
  const inspectDocs = new InspectDocuments(ctx.model);
  return [
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocs),
    vscode.commands.registerCommand('aiStack.containers.start', withContainer((c, m) => docker(m).getContainer(c.id).start())),
    vscode.commands.registerCommand('aiStack.containers.stop', withContainer((c, m) => progress(`Stopping ${c.name}`, () => docker(m).getContainer(c.id).stop()))),
    vscode.commands.registerCommand(
      'aiStack.containers.restart',
      withContainer((c, m) => progress(`Restarting ${c.name}`, () => docker(m).getContainer(c.id).restart())),
    ),
    vscode.commands.registerCommand(
      'aiStack.containers.remove',
      withContainer(async (c, m) => {
        const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
        const answer = await vscode.window.showWarningMessage(
          `Remove container ${c.name}?`,
          { modal: true, detail: running ? 'It is running and will be stopped first. Its anonymous volumes are removed too.' : 'Its anonymous volumes are removed too.' },
          'Remove',
        );
        if (answer === 'Remove') await docker(m).getContainer(c.id).remove({ force: running, v: true });
      }),
    ),
    vscode.commands.registerCommand(
      'aiStack.containers.logs',
      withContainer(async (c, m) => {
        const d = await m.details(c.id);
        const tty = (d.raw as { Config?: { Tty?: boolean } }).Config?.Tty === true;
        openLogsTerminal(docker(m), c.id, c.name, tty);
      }),
    ),
    vscode.commands.registerCommand(
      'aiStack.containers.shell',
      withContainer((c, m) => {
        if (!vscode.workspace.isTrusted) return vscode.window.showWarningMessage('Opening a shell in a container needs a trusted workspace.');
        openShellTerminal(docker(m), c.id, c.name);
      }),
    ),
    vscode.commands.registerCommand(
      'aiStack.containers.inspect',
      withContainer(async (c) => {
        const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${c.name}.json`, query: c.id });
        inspectDocs.refresh(uri);
        const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
        await vscode.window.showTextDocument(doc, { preview: true });
      }),
    ),
    vscode.commands.registerCommand('aiStack.containers.goToService', withContainer((c, _m, node) => goToService(c, node))),
    // Service rows: act on the service through its containers (the first one for logs and definition).
    vscode.commands.registerCommand('aiStack.service.logs', (node?: Node) => withServiceContainer(ctx, node, (_c, _m, first) => vscode.commands.executeCommand('aiStack.containers.logs', first))),
    vscode.commands.registerCommand('aiStack.service.goToDefinition', (node?: Node) => withServiceContainer(ctx, node, (c, _m, first) => goToService(c, first))),
    vscode.commands.registerCommand('aiStack.service.restart', (node?: Node) =>
      node?.kind === 'service' ? projectCommand(ctx, { kind: 'project', name: node.project, key: `project:${node.project}` } as Node, ['restart', node.name]) : undefined,
    ),
    vscode.commands.registerCommand('aiStack.service.openInBrowser', (node?: Node) => withServiceContainer(ctx, node, (c) => openInBrowser(c, ctx.model()!, node!))),
    vscode.commands.registerCommand('aiStack.project.up', (node?: Node) => projectCommand(ctx, node, ['up', '-d'])),
    vscode.commands.registerCommand('aiStack.project.down', (node?: Node) => projectCommand(ctx, node, ['down'])),
    vscode.commands.registerCommand('aiStack.project.restart', (node?: Node) => projectCommand(ctx, node, ['restart'])),
  ];
}

function progress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: 'aiStack.containers' }, title }, task);
}

/** Read-only JSON of `docker inspect`, with secret-looking environment values masked. */
class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  constructor(private readonly model: () => ContainerModel | undefined) {}
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const model = this.model();
    if (!model) return '// Not connected to Docker.';
    try {
      const d = await model.details(uri.query);
      return JSON.stringify(redactInspect(d.raw), null, 2);
    } catch (e) {
      return `// Cannot inspect ${uri.query.slice(0, 12)}: ${describeError(e)}`;
    }
  }
}

/** Runs `fn` with the first container of a service row (and a container node for it). */
async function withServiceContainer(ctx: CommandContext, node: Node | undefined, fn: (c: ContainerItem, m: ContainerModel, first: Node) => unknown): Promise<void> {
  const model = ctx.model();
  if (!model || node?.kind !== 'service') return void vscode.window.showWarningMessage('Pick a service in the AI Stack Containers view.');
  const containers = model.groups().projects.find((p) => p.name === node.project)?.services.find((s) => s.name === node.name)?.containers ?? [];
  const first = containers.find((c) => c.state === 'running') ?? containers[0];
  if (!first) return void vscode.window.showWarningMessage(`Service ${node.name} has no containers.`);
  try {
    await fn(first, model, { kind: 'container', id: first.id, key: `container:${first.id}` } as Node);
  } catch (e) {
    void vscode.window.showErrorMessage(`${node.name}: ${describeError(e)}`);
  }
}

/** The service's published TCP ports on this machine, opened in the browser (a pick when there are several). */
async function openInBrowser(_c: ContainerItem, model: ContainerModel, node: Node): Promise<void> {
  if (node.kind !== 'service') return;
  const containers = model.groups().projects.find((p) => p.name === node.project)?.services.find((s) => s.name === node.name)?.containers ?? [];
  const urls = [
    ...new Set(
      containers.flatMap((c) =>
        c.ports
          .filter((p) => p.hostPort && p.protocol !== 'udp')
          .map((p) => `http://${!p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' ? '127.0.0.1' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:${p.hostPort}/`),
      ),
    ),
  ];
  if (urls.length === 0) return void vscode.window.showInformationMessage(`Service ${node.name} publishes no port on this machine.`);
  const url = urls.length === 1 ? urls[0] : await vscode.window.showQuickPick(urls, { placeHolder: `Published ports of ${node.name}` });
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
}

async function goToService(c: ContainerItem, node: Node): Promise<void> {
  if (!c.service || c.configFiles.length === 0) {
    return void vscode.window.showInformationMessage(`${c.name} was not created by Docker Compose (it has no compose labels).`);
  }
  const key = node.kind === 'finding' ? node.finding.composeKey : undefined;
  const files = c.configFiles.map((f) => (path.isAbsolute(f) || !c.workingDir ? f : path.join(c.workingDir, f)));
  // With several -f files, the service may be defined or overridden in any; prefer the last that has the key.
  let target: { file: string; offset: number; length: number } | undefined;
  for (const file of files) {
    if (!existsSync(file)) continue;
    const span = findServiceKey(readFileSync(file, 'utf8'), c.service, key);
    if (span && (!target || key)) target = { file, ...span };
  }
  if (!target) {
    const missing = files.filter((f) => !existsSync(f));
    return void vscode.window.showWarningMessage(
      missing.length === files.length
        ? `The compose file of ${c.name} is not on this machine: ${files.join(', ')}`
        : `Service "${c.service}" was not found in ${files.join(', ')}.`,
    );
  }
  const doc = await vscode.workspace.openTextDocument(target.file);
  const start = doc.positionAt(target.offset);
  const range = new vscode.Range(start, doc.positionAt(target.offset + target.length));
  await vscode.window.showTextDocument(doc, { selection: range });
}

async function projectCommand(ctx: CommandContext, node: Node | undefined, subcommand: string[]): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('Compose commands need a trusted workspace.');
  const model = ctx.model();
  if (!model || node?.kind !== 'project') return void vscode.window.showWarningMessage('Pick a compose project in the AI Stack Containers view.');
  const project = model.groups().projects.find((p) => p.name === node.name);
  if (!project) return;
  const setting = vscode.workspace.getConfiguration('aiStack').get<ComposeCommandSetting>('compose.command', 'auto');
  let cli;
  try {
    cli = await detectComposeCli(setting);
  } catch (e) {
    return void vscode.window.showErrorMessage((e as Error).message);
  }
  const ref = { files: project.configFiles, projectName: project.name, projectDirectory: project.workingDir };
  const env = composeEnv(model.engine);
  ctx.output.show(true);
  ctx.output.appendLine(`$ ${displayCommand(cli.program, composeArgv(cli, ref, subcommand))}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${cli.label} ${subcommand.join(' ')} (${project.name})`, cancellable: true },
    (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return runCompose(cli, ref, subcommand, { env, signal: abort.signal, onOutput: (chunk) => ctx.output.append(chunk) });
    },
  );
  if (result.spawnError) return void vscode.window.showErrorMessage(result.spawnError);
  if (result.cancelled) return void ctx.output.appendLine('(cancelled)');
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(`${cli.label} ${subcommand[0]} failed for ${project.name} (exit ${result.code}); see the AI Stack: Compose output.`);
  }
}

/** Point the compose CLI at the engine the view shows (it reads DOCKER_HOST like the view does). */
export function composeEnv(engine: ResolvedEngine): NodeJS.ProcessEnv {
  return cliEnvironment(engine);
}
