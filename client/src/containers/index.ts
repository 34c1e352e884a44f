// The Containers view: live model of the engine, tree, status bar and actions.
import * as vscode from 'vscode';
import { EngineConfigError, resolveEngine } from '../../../runtime/src';
import { ContainerModel } from '../../../runtime/src';
import { registerContainerCommands } from './commands';
import { registerSwarmCommands } from './swarmCommands';
import { ContainersTreeProvider } from './treeProvider';

export function registerContainers(context: vscode.ExtensionContext): ContainersTreeProvider {
  const output = vscode.window.createOutputChannel('AI Stack: Compose');
  const provider = new ContainersTreeProvider();
  const view = vscode.window.createTreeView('aiStack.containers', { treeDataProvider: provider, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('aiStack.containers.unhealthy', vscode.StatusBarAlignment.Left, 50);
  status.name = 'AI Stack: unhealthy containers';
  status.command = 'aiStack.containers.focus';
  let model: ContainerModel | undefined;

  const updateChrome = () => {
    const state = model?.state;
    view.description = model?.engine.host;
    view.message = state?.kind === 'unreachable' ? state.message : undefined;
    const unhealthy = model?.containers().filter((c) => c.state === 'running' && c.health === 'unhealthy') ?? [];
    if (unhealthy.length > 0) {
      status.text = `$(error) ${unhealthy.length} unhealthy`;
      status.tooltip = `Unhealthy containers: ${unhealthy.map((c) => c.name).join(', ')}`;
      status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      status.show();
    } else {
      status.hide();
    }
  };

  const connect = () => {
    const previous = model;
    model = undefined;
    void previous?.dispose();
    const setting = vscode.workspace.getConfiguration('aiStack').get<string>('docker.host', '');
    try {
      const engine = resolveEngine({ setting });
      model = new ContainerModel({ engine, onWarning: (m) => output.appendLine(`[containers] ${m}`) });
      model.onDidChange(updateChrome);
      provider.setModel(model);
      void model.start();
    } catch (e) {
      const message = e instanceof EngineConfigError ? e.message : `Cannot configure the Docker connection: ${(e as Error).message}`;
      provider.setModel(undefined, message);
    }
    updateChrome();
  };

  context.subscriptions.push(
    output,
    provider,
    view,
    status,
    ...registerContainerCommands({ model: () => model, output }),
    ...registerSwarmCommands(provider.swarm),
    ...provider.swarm.watchView(view),
    vscode.commands.registerCommand('aiStack.containers.refresh', () => (model ? model.refresh() : connect())),
    vscode.commands.registerCommand('aiStack.containers.retry', () => (model ? model.retry() : connect())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('aiStack.docker.host')) connect();
    }),
    { dispose: () => void model?.dispose() },
  );
  connect();
  return provider;
}
