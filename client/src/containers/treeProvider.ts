// The Containers view over the ContainerModel. Node objects are kept per key so that a change to one
// container refreshes just that row (and its parents' summaries), not the whole tree.
import { watch, type FSWatcher } from 'node:fs';
import * as vscode from 'vscode';
import { proxyConfDirs, proxyRoles, type ProxyRole } from '../../../runtime/src';
import { auditContainer, type AuditFinding } from '../../../runtime/src';
import { findingItem, findingsItem } from './auditItems';
import type { ContainerItem, ProjectGroup } from '../../../runtime/src';
import { STANDALONE } from '../../../runtime/src';
import type { ContainerModel, ModelChange } from '../../../runtime/src';
import { isSwarmNode, SwarmSection, type SwarmTreeNode } from './swarmTree';
import { containerContextValue, containerDescription, containerIcon, containerTooltip, groupDescription, groupIcon, type IconSpec } from './presentation';

export type Node =
  | { kind: 'message'; key: string; text: string; icon: string; command?: vscode.Command }
  | { kind: 'project'; key: string; name: string }
  | { kind: 'service'; key: string; project: string; name: string }
  | { kind: 'standalone'; key: string }
  | { kind: 'container'; key: string; id: string }
  | { kind: 'hardening'; key: string; id: string; findings: AuditFinding[] }
  | { kind: 'finding'; key: string; id: string; finding: AuditFinding }
  | SwarmTreeNode;

export class ContainersTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, Node>();
  private model: ContainerModel | undefined;
  private configError: string | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Which containers a deploy-managed proxy points at (a deploy in progress shows old and new side by side). */
  private roles: Map<string, ProxyRole> | undefined;
  private readonly confWatchers = new Map<string, FSWatcher>();
  /** Stack → service → tasks when the engine is a swarm manager (swarmTree.ts). */
  readonly swarm = new SwarmSection(() => this.changed.fire(undefined));

  setModel(model: ContainerModel | undefined, configError?: string): void {
    this.unsubscribe?.();
    this.model = model;
    this.configError = configError;
    this.unsubscribe = model?.onDidChange((c) => this.onModelChange(c));
    this.nodes.clear();
    this.roles = undefined;
    this.swarm.setEngine(model?.engine);
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.swarm.dispose();
    for (const w of this.confWatchers.values()) w.close();
    this.changed.dispose();
  }

  /**
   * Roles of the containers behind a deploy-managed proxy, recomputed after a change of the model or of
   * the proxy's upstream files (the switch itself is a file write and an nginx reload: no engine event).
   */
  private proxyRole(id: string): ProxyRole | undefined {
    if (!this.model) return undefined;
    if (!this.roles) {
      const items = this.model.containers();
      this.roles = proxyRoles(items);
      for (const dir of proxyConfDirs(items)) {
        if (this.confWatchers.has(dir)) continue;
        try {
          const w = watch(dir, () => {
            this.roles = undefined;
            this.changed.fire(undefined);
          });
          w.on('error', () => this.confWatchers.delete(dir));
          this.confWatchers.set(dir, w);
        } catch {
          // Not on this machine (a remote engine): the roles still come from the model's changes.
        }
      }
    }
    return this.roles.get(id);
  }

  private onModelChange(change: ModelChange): void {
    this.roles = undefined;
    if (change.all || change.structural) {
      this.nodes.clear();
      this.changed.fire(undefined);
      return;
    }
    // One container changed: refresh its row and its service/project rows (their summaries).
    const affected: Node[] = [];
    for (const id of change.updated) {
      const item = this.model?.get(id);
      const row = this.nodes.get(`c:${id}`);
      if (row) affected.push(row);
      if (item?.project) {
        const p = this.nodes.get(`p:${item.project}`);
        const s = this.nodes.get(`s:${item.project}/${item.service}`);
        if (p) affected.push(p);
        if (s) affected.push(s);
      }
    }
    if (affected.length) this.changed.fire(affected);
  }

  private node<N extends Node>(n: N): N {
    const existing = this.nodes.get(n.key) as N | undefined;
    if (existing && existing.kind === n.kind) return Object.assign(existing, n);
    this.nodes.set(n.key, n);
    return n;
  }

  getChildren(element?: Node): Node[] | Promise<Node[]> {
    const model = this.model;
    if (!element) return this.roots();
    if (isSwarmNode(element)) return this.swarm.children(element);
    if (!model) return [];
    switch (element.kind) {
      case 'project': {
        const project = this.project(element.name);
        return (project?.services ?? []).map((s) => this.node({ kind: 'service', key: `s:${s.project}/${s.name}`, project: s.project, name: s.name }));
      }
      case 'service': {
        const service = this.project(element.project)?.services.find((s) => s.name === element.name);
        return (service?.containers ?? []).map((c) => this.containerNode(c));
      }
      case 'standalone':
        return model.groups().standalone.containers.map((c) => this.containerNode(c));
      case 'container':
        return this.hardeningChildren(element.id);
      case 'hardening':
        // A rule can report twice (two ports): the index keeps the tree ids unique.
        return element.findings.map((f, i) => this.node({ kind: 'finding', key: `f:${element.id}/${f.ruleId}/${i}`, id: element.id, finding: f }));
      default:
        return [];
    }
  }

  private roots(): Node[] {
    const model = this.model;
    if (this.configError || !model) {
      return [
        this.node({ kind: 'message', key: 'm:error', text: this.configError ?? 'Docker is not configured.', icon: 'error' }),
        this.retryNode(),
      ];
    }
    const state = model.state;
    if (state.kind === 'unreachable') return [this.node({ kind: 'message', key: 'm:error', text: state.message, icon: 'debug-disconnect' }), this.retryNode()];
    if (state.kind === 'connecting' && model.containers().length === 0) {
      return [this.node({ kind: 'message', key: 'm:connecting', text: `Connecting to ${model.engine.label}…`, icon: 'loading~spin' })];
    }
    const { projects, standalone } = model.groups();
    const roots: Node[] = projects.map((p) => this.node({ kind: 'project', key: `p:${p.name}`, name: p.name }));
    if (standalone.containers.length) roots.push(this.node({ kind: 'standalone', key: 'standalone' }));
    roots.push(...this.swarm.roots());
    return roots;
  }

  private retryNode(): Node {
    return this.node({
      kind: 'message',
      key: 'm:retry',
      text: 'Retry',
      icon: 'refresh',
      command: { command: 'aiStack.containers.retry', title: 'Retry connecting to Docker' },
    });
  }

  private containerNode(c: ContainerItem): Node {
    return this.node({ kind: 'container', key: `c:${c.id}`, id: c.id });
  }

  private project(name: string): ProjectGroup | undefined {
    return this.model?.groups().projects.find((p) => p.name === name);
  }

  /** Inspect only when the user expands the container. */
  private async hardeningChildren(id: string): Promise<Node[]> {
    try {
      const details = await this.model!.details(id);
      const findings = auditContainer(details.raw);
      if (!findings.length) return [this.node({ kind: 'message', key: `m:ok:${id}`, text: 'Findings: none from the compose rules', icon: 'shield' })];
      return [this.node({ kind: 'hardening', key: `h:${id}`, id, findings })];
    } catch (e) {
      return [this.node({ kind: 'message', key: `m:err:${id}`, text: `Cannot inspect: ${(e as Error).message}`, icon: 'warning' })];
    }
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (isSwarmNode(n)) return this.swarm.treeItem(n);
    const model = this.model;
    switch (n.kind) {
      case 'message': {
        const t = new vscode.TreeItem(n.text, vscode.TreeItemCollapsibleState.None);
        t.iconPath = new vscode.ThemeIcon(n.icon);
        t.command = n.command;
        t.tooltip = n.text;
        t.contextValue = 'message';
        return t;
      }
      case 'project': {
        const project = this.project(n.name);
        const items = project?.services.flatMap((s) => s.containers) ?? [];
        const t = groupItem(n.name, n.key, items, 'layers', 'project');
        t.tooltip = project?.configFiles.length ? `Compose project ${n.name}\n${project.configFiles.join('\n')}` : `Compose project ${n.name}`;
        return t;
      }
      case 'service': {
        const items = this.project(n.project)?.services.find((s) => s.name === n.name)?.containers ?? [];
        return groupItem(n.name, n.key, items, 'symbol-method', 'service');
      }
      case 'standalone': {
        const items = model?.groups().standalone.containers ?? [];
        return groupItem(STANDALONE, n.key, items, 'package', 'standalone');
      }
      case 'container': {
        const c = model?.get(n.id);
        const t = new vscode.TreeItem(c?.name ?? n.id.slice(0, 12), vscode.TreeItemCollapsibleState.Collapsed);
        t.id = n.key;
        if (c) {
          const role = this.proxyRole(c.id);
          t.description = containerDescription(c) + (role === 'proxied' ? ' · ← proxy' : role === 'not-proxied' ? ' · not in proxy' : '');
          t.iconPath = themeIcon(containerIcon(c));
          t.contextValue = containerContextValue(c);
        }
        return t;
      }
      case 'hardening':
        return findingsItem(n.key, n.findings);
      case 'finding': {
        const t = findingItem(n.key, n.finding, !!model?.get(n.id)?.service);
        t.command = { command: 'aiStack.containers.goToService', title: 'Go to compose service', arguments: [n] };
        return t;
      }
    }
  }

  /** The rich tooltip: inspect (and stats when running) only now, when the user hovers. */
  async resolveTreeItem(item: vscode.TreeItem, n: Node, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (n.kind !== 'container' || !this.model) return item;
    const c = this.model.get(n.id);
    if (!c) return item;
    const [details, stats] = await Promise.all([
      this.model.details(n.id).catch(() => undefined),
      c.state === 'running' ? this.model.stats(n.id).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (token.isCancellationRequested) return item;
    const md = new vscode.MarkdownString(containerTooltip(c, details?.inspect, stats));
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
    return item;
  }

  getParent(): undefined {
    return undefined;
  }
}

function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}

/** A project, service or Standalone group: expanded, summarised by its containers' states. */
function groupItem(label: string, key: string, items: Parameters<typeof groupDescription>[0], icon: string, contextValue: string): vscode.TreeItem {
  const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
  t.id = key;
  t.description = groupDescription(items);
  t.iconPath = themeIcon(groupIcon(items, icon));
  t.contextValue = contextValue;
  return t;
}
