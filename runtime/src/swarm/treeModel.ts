/**
 * What the Containers view shows for a swarm manager, as plain data (client/src/containers/swarmTree.ts
 * turns it into TreeItems; tests read it directly): a Nodes section, then stack → service → tasks.
 */
import type { SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, TaskHealth } from './snapshot';

export type ServiceStatus = 'converged' | 'updating' | 'paused' | 'rolling-back' | 'rolled-back' | 'degraded';

export interface NodeRow {
  kind: 'node';
  id: string;
  label: string;
  description: string;
  state: string;
  down: boolean;
  /** Tasks desired running on it. */
  tasks: number;
}

export interface TaskRow {
  kind: 'task';
  id: string;
  /** `web.1` (replicated) or `web.<node>` (global). */
  label: string;
  node: string;
  nodeDown: boolean;
  desiredState: string;
  state: string;
  health: TaskHealth;
  /** Why it stopped or failed, when it did. */
  error?: string;
  description: string;
  /** History rows (desired state not running) are shown dimmed, after the current ones. */
  current: boolean;
}

export interface ServiceRow {
  kind: 'service';
  id: string;
  /** Full engine name (`demo_web`): what scale/rollback/logs act on. */
  name: string;
  /** Name in the compose file: what "go to definition" looks for. */
  composeName: string;
  stack?: string;
  label: string;
  description: string;
  status: ServiceStatus;
  updateMessage?: string;
  running: number;
  desired?: number;
  scalable: boolean;
  canRollback: boolean;
  canaryOf?: string;
  tasks: TaskRow[];
}

export interface StackRow {
  kind: 'stack';
  name: string;
  label: string;
  description: string;
  services: ServiceRow[];
}

export interface SwarmTreeModel {
  nodes: NodeRow[];
  stacks: StackRow[];
  /** One line for the view's header/message: `3 nodes, 1 down`. */
  summary: string;
}

export function swarmTreeModel(snapshot: SwarmSnapshot): SwarmTreeModel {
  const nodeState = new Map(snapshot.nodes.map((n) => [n.id, n.state]));
  const tasksOnNode = new Map<string, number>();
  const all = [...snapshot.stacks.flatMap((s) => s.services), ...snapshot.looseServices];
  for (const s of all) for (const t of s.tasks) if (t.desiredState === 'running' && t.nodeId) tasksOnNode.set(t.nodeId, (tasksOnNode.get(t.nodeId) ?? 0) + 1);
  const nodes = snapshot.nodes.map((n) => nodeRow(n, tasksOnNode.get(n.id) ?? 0));
  const stacks: StackRow[] = snapshot.stacks.map((st) => stackRow(st.name, st.services, nodeState));
  if (snapshot.looseServices.length) stacks.push(stackRow('(no stack)', snapshot.looseServices, nodeState));
  const down = nodes.filter((n) => n.down).length;
  return { nodes, stacks, summary: `${nodes.length} node${nodes.length === 1 ? '' : 's'}${down ? `, ${down} down` : ''}` };
}

function nodeRow(n: SwarmNode, tasks: number): NodeRow {
  const down = n.state !== 'ready';
  const role = n.leader ? 'manager (leader)' : n.role;
  return {
    kind: 'node',
    id: n.id,
    label: n.hostname,
    description: `${role} · ${n.state}${n.availability !== 'active' ? ` · ${n.availability}` : ''}${down ? ' — its tasks are rescheduled' : ''} · ${tasks} task${tasks === 1 ? '' : 's'}`,
    state: n.state,
    down,
    tasks,
  };
}

function stackRow(name: string, services: SwarmService[], nodeState: Map<string, string>): StackRow {
  const rows = services.map((s) => serviceRow(s, nodeState));
  const notOk = rows.filter((r) => r.status !== 'converged').length;
  return { kind: 'stack', name, label: name, description: `${rows.length} service${rows.length === 1 ? '' : 's'}${notOk ? ` · ${notOk} not converged` : ''}`, services: rows };
}

export function serviceStatus(s: SwarmService): ServiceStatus {
  switch (s.update.state) {
    case 'updating':
      return 'updating';
    case 'paused':
    case 'rollback_paused':
      return 'paused';
    case 'rollback_started':
      return 'rolling-back';
    case 'rollback_completed':
      return 'rolled-back';
  }
  const want = s.mode === 'global' ? s.tasks.filter((t) => t.desiredState === 'running').length : s.desiredReplicas ?? 0;
  return s.running < want ? 'degraded' : 'converged';
}

function serviceRow(s: SwarmService, nodeState: Map<string, string>): ServiceRow {
  const status = serviceStatus(s);
  const desired = s.mode === 'global' ? undefined : s.desiredReplicas;
  const counts = `${s.running}/${desired ?? `${s.tasks.filter((t) => t.desiredState === 'running').length} (global)`}`;
  const statusText: Record<ServiceStatus, string> = {
    converged: '',
    updating: ' · updating',
    paused: ' · update paused',
    'rolling-back': ' · rolling back',
    'rolled-back': ' · rolled back',
    degraded: ' · degraded',
  };
  return {
    kind: 'service',
    id: s.id,
    name: s.name,
    composeName: s.composeName,
    stack: s.stack,
    label: s.canaryOf ? `${s.composeName} (canary)` : s.composeName,
    description: `${counts}${statusText[status]} · ${s.image}`,
    status,
    updateMessage: s.update.message,
    running: s.running,
    desired,
    scalable: s.mode === 'replicated',
    canRollback: s.version > 0 && s.update.state !== 'none',
    canaryOf: s.canaryOf,
    tasks: s.tasks.map((t) => taskRow(s, t, nodeState)),
  };
}

function taskRow(s: SwarmService, t: SwarmTask, nodeState: Map<string, string>): TaskRow {
  const label = t.slot ? `${s.composeName}.${t.slot}` : `${s.composeName}.${t.node}`;
  const nodeDown = !!t.nodeId && nodeState.get(t.nodeId) !== 'ready';
  const current = t.desiredState === 'running';
  const state = t.state === t.desiredState || !current ? t.state : `${t.state} → ${t.desiredState}`;
  const health = t.health === 'none' || t.health === 'unknown' ? '' : ` · ${t.health}`;
  const error = t.error ? ` · ${t.error}` : '';
  return {
    kind: 'task',
    id: t.id,
    label,
    node: t.node,
    nodeDown,
    desiredState: t.desiredState,
    state: t.state,
    health: t.health,
    error: t.error,
    description: `${t.node}${nodeDown ? ' (down)' : ''} · ${state}${health}${error}`,
    current,
  };
}
