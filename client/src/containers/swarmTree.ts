// The Containers view in swarm mode: when the engine is a swarm manager, a "Swarm" section with the
// nodes and stack → service → tasks (runtime/src/swarm/treeModel.ts), live from the engine's events
// (runtime/src/swarm/model.ts). A node going down is also reported as a warning notification.
// Tasks are re-read periodically only while the section is open in a visible view (or a service is
// settling, which the model sees by itself): a collapsed or hidden section costs no API call when idle.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { createDocker, type ResolvedEngine } from '../../../runtime/src';
import { nodeChanges } from '../../../runtime/src';
import { SwarmModel } from '../../../runtime/src';
import type { SwarmSnapshot } from '../../../runtime/src';
import { swarmTreeModel, type ServiceRow, type ServiceStatus, type SwarmTreeModel, type TaskRow } from '../../../runtime/src';

export type SwarmTreeNode =
  | { kind: 'swarmRoot'; key: string }
  | { kind: 'swarmNodes'; key: string }
  | { kind: 'swarmNode'; key: string; id: string }
  | { kind: 'swarmStack'; key: string; name: string }
  | { kind: 'swarmService'; key: string; name: string; composeName: string; stack?: string }
  | { kind: 'swarmTask'; key: string; id: string; service: string };

const KINDS = new Set(['swarmRoot', 'swarmNodes', 'swarmNode', 'swarmStack', 'swarmService', 'swarmTask']);
export function isSwarmNode(n: { kind: string }): n is SwarmTreeNode {
  return KINDS.has(n.kind);
}

const STATUS_ICON: Record<ServiceStatus, [string, string | undefined]> = {
  converged: ['pass', 'testing.iconPassed'],
  updating: ['sync~spin', undefined],
  paused: ['debug-pause', 'list.warningForeground'],
  'rolling-back': ['debug-reverse-continue', 'list.warningForeground'],
  'rolled-back': ['history', 'list.errorForeground'],
  degraded: ['warning', 'list.warningForeground'],
};

export class SwarmSection implements vscode.Disposable {
  private model: SwarmModel | undefined;
  private _docker: Docker | undefined;
  private _engine: ResolvedEngine | undefined;
  private view: SwarmTreeModel | undefined;
  private previous: SwarmSnapshot | undefined;
  /** The Containers view is visible / the Swarm section is expanded in it: together, someone looks at the tasks. */
  private viewVisible = false;
  private expanded = false;

  constructor(private readonly onChange: () => void) {}

  /** Follows the view's visibility and the section's expansion (the model polls tasks only while both hold). */
  watchView(view: vscode.TreeView<{ kind: string }>): vscode.Disposable[] {
    this.viewVisible = view.visible;
    this.updateWatched();
    const isRoot = (e: { element: { kind: string } }) => e.element.kind === 'swarmRoot';
    return [
      view.onDidChangeVisibility((e) => {
        this.viewVisible = e.visible;
        this.updateWatched();
      }),
      view.onDidExpandElement((e) => {
        if (!isRoot(e)) return;
        this.expanded = true;
        this.updateWatched();
      }),
      view.onDidCollapseElement((e) => {
        if (!isRoot(e)) return;
        this.expanded = false;
        this.updateWatched();
      }),
    ];
  }

  /** True while the model is asked to re-read tasks periodically (tests read it). */
  get watched(): boolean {
    return this.viewVisible && this.expanded;
  }

  private updateWatched(): void {
    this.model?.setWatched(this.watched);
  }

  get docker(): Docker | undefined {
    return this._docker;
  }
  get engine(): ResolvedEngine | undefined {
    return this._engine;
  }
  /** The current view model (tests and commands read it). */
  get tree(): SwarmTreeModel | undefined {
    return this.view;
  }

  /** Follows the engine's swarm when it is a manager; nothing at all otherwise. */
  setEngine(engine: ResolvedEngine | undefined): void {
    this.model?.dispose();
    this.model = undefined;
    this.view = undefined;
    this.previous = undefined;
    this._engine = engine;
    this._docker = undefined;
    if (!engine) return;
    let docker: Docker;
    try {
      docker = createDocker(engine);
    } catch {
      return;
    }
    this._docker = docker;
    const model = new SwarmModel({ docker });
    this.model = model;
    model.setWatched(this.watched);
    model.onDidChange((snapshot) => {
      if (this.model !== model) return;
      const was = this.view;
      this.view = snapshot.isManager ? swarmTreeModel(snapshot) : undefined;
      if (snapshot.isManager) {
        for (const message of nodeChanges(this.previous, snapshot)) if (/ is down/.test(message)) void vscode.window.showWarningMessage(`Swarm: ${message}.`);
        this.previous = snapshot;
      } else if (!was) {
        // Not a manager: stop reading (a worker or a plain engine has nothing to show here).
        model.dispose();
        return;
      }
      this.onChange();
    });
    void model.start();
  }

  refresh(): Promise<void> {
    return this.model?.refresh() ?? Promise.resolve();
  }

  roots(): SwarmTreeNode[] {
    return this.view ? [{ kind: 'swarmRoot', key: 'swarm' }] : [];
  }

  children(n: SwarmTreeNode): SwarmTreeNode[] {
    const view = this.view;
    if (!view) return [];
    switch (n.kind) {
      case 'swarmRoot':
        // Asked for its children: the section is shown expanded (also when VS Code restores it so, without an event).
        if (!this.expanded) {
          this.expanded = true;
          this.updateWatched();
        }
        return [{ kind: 'swarmNodes', key: 'swarm:nodes' }, ...view.stacks.map((s) => ({ kind: 'swarmStack' as const, key: `swarm:stack:${s.name}`, name: s.name }))];
      case 'swarmNodes':
        return view.nodes.map((node) => ({ kind: 'swarmNode' as const, key: `swarm:node:${node.id}`, id: node.id }));
      case 'swarmStack':
        return (view.stacks.find((s) => s.name === n.name)?.services ?? []).map((s) => ({
          kind: 'swarmService' as const,
          key: `swarm:service:${s.id}`,
          name: s.name,
          composeName: s.composeName,
          stack: s.stack,
        }));
      case 'swarmService':
        return (this.service(n.name)?.tasks ?? []).map((t) => ({ kind: 'swarmTask' as const, key: `swarm:task:${t.id}`, id: t.id, service: n.name }));
      default:
        return [];
    }
  }

  service(name: string): ServiceRow | undefined {
    for (const st of this.view?.stacks ?? []) for (const s of st.services) if (s.name === name) return s;
    return undefined;
  }

  treeItem(n: SwarmTreeNode): vscode.TreeItem {
    const view = this.view;
    switch (n.kind) {
      case 'swarmRoot': {
        const t = new vscode.TreeItem('Swarm', vscode.TreeItemCollapsibleState.Expanded);
        t.description = view?.summary;
        t.iconPath = new vscode.ThemeIcon('server-environment');
        return withId(t, n.key, 'swarmRoot');
      }
      case 'swarmNodes': {
        const t = new vscode.TreeItem('Nodes', vscode.TreeItemCollapsibleState.Collapsed);
        t.description = view?.summary;
        const down = view?.nodes.some((x) => x.down);
        t.iconPath = new vscode.ThemeIcon('vm', down ? new vscode.ThemeColor('list.errorForeground') : undefined);
        if (down) t.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        return withId(t, n.key, 'swarmNodes');
      }
      case 'swarmNode': {
        const row = view?.nodes.find((x) => x.id === n.id);
        const t = new vscode.TreeItem(row?.label ?? n.id, vscode.TreeItemCollapsibleState.None);
        t.description = row?.description;
        t.iconPath = new vscode.ThemeIcon(row?.down ? 'debug-disconnect' : 'vm-active', row?.down ? new vscode.ThemeColor('list.errorForeground') : undefined);
        return withId(t, n.key, 'swarmNode');
      }
      case 'swarmStack': {
        const row = view?.stacks.find((x) => x.name === n.name);
        const t = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.Expanded);
        t.description = row?.description;
        t.iconPath = new vscode.ThemeIcon('layers');
        return withId(t, n.key, 'swarmStack');
      }
      case 'swarmService': {
        const row = this.service(n.name);
        const t = new vscode.TreeItem(row?.label ?? n.composeName, vscode.TreeItemCollapsibleState.Collapsed);
        if (row) {
          t.description = row.description;
          const [icon, color] = STATUS_ICON[row.status];
          t.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
          t.tooltip = serviceTooltip(row);
          if (row.status !== 'converged') t.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        }
        // swarmService[.scalable][.rollback]: package.json menus match on these parts.
        return withId(t, n.key, ['swarmService', row?.scalable ? 'scalable' : '', row?.canRollback ? 'rollback' : ''].filter(Boolean).join('.'));
      }
      case 'swarmTask': {
        const row = this.service(n.service)?.tasks.find((x) => x.id === n.id);
        const t = new vscode.TreeItem(row?.label ?? n.id.slice(0, 12), vscode.TreeItemCollapsibleState.None);
        if (row) {
          t.description = row.description;
          t.iconPath = taskIcon(row);
          t.tooltip = `Task ${row.id.slice(0, 12)} on ${row.node}${row.nodeDown ? ' (node down)' : ''}\ndesired: ${row.desiredState}, current: ${row.state}\nhealth: ${row.health}${row.error ? `\nerror: ${row.error}` : ''}`;
        }
        return withId(t, n.key, 'swarmTask');
      }
    }
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }
}

function withId(t: vscode.TreeItem, key: string, contextValue: string): vscode.TreeItem {
  t.id = key;
  t.contextValue = contextValue;
  return t;
}

function taskIcon(row: TaskRow): vscode.ThemeIcon {
  if (!row.current) return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  if (row.health === 'unhealthy' || row.state === 'failed' || row.state === 'rejected') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (row.nodeDown) return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground'));
  if (row.state === 'running') return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('loading~spin');
}

function serviceTooltip(row: ServiceRow): string {
  const lines = [`Service ${row.name}${row.stack ? ` (stack ${row.stack})` : ''}`, `${row.running}/${row.desired ?? 'global'} running · ${row.status}`];
  if (row.updateMessage) lines.push(`update: ${row.updateMessage}`);
  if (row.canaryOf) lines.push(`temporary canary of ${row.canaryOf} (ai-stack deploy --canary)`);
  return lines.join('\n');
}
