/**
 * One read of a swarm from its manager: nodes, services (grouped by stack) and their tasks, in a
 * shape the Containers view and `deploy --target swarm` share. No VS Code import.
 *
 * Health per task: Swarm gates a task's `running` state on its healthcheck (the executor reports
 * running only once the container is healthy, and fails the task with "unhealthy container" when it
 * turns unhealthy), and a manager cannot inspect containers on other nodes. So health is derived
 * from the task: starting while the container waits for its first healthy check, healthy once
 * running, unhealthy when the task failed on its healthcheck; `none` for services without one.
 */
import type Docker from 'dockerode';

export const STACK_LABEL = 'com.docker.stack.namespace';
export const CANARY_LABEL = 'ai-stack.canary-of';

export type TaskHealth = 'healthy' | 'unhealthy' | 'starting' | 'none' | 'unknown';
/** Swarm's UpdateStatus.State, plus `none` when the service was never updated. */
export type UpdateState = 'none' | 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  /** ready | down | unknown | disconnected */
  state: string;
  availability: string;
  address?: string;
  leader: boolean;
}

export interface SwarmTask {
  id: string;
  serviceId: string;
  slot?: number;
  nodeId?: string;
  /** Hostname of the node, or `(unassigned)`. */
  node: string;
  nodeState?: string;
  desiredState: string;
  state: string;
  message: string;
  error?: string;
  health: TaskHealth;
  image?: string;
  /** Host-mode published ports: `node address:port`. */
  ports: Array<{ published: number; target: number; protocol: string }>;
  timestamp: string;
  containerId?: string;
}

export interface SwarmService {
  id: string;
  /** Full name, e.g. `demo_web`. */
  name: string;
  /** Name in the compose file (`web`), when deployed by a stack. */
  composeName: string;
  stack?: string;
  mode: 'replicated' | 'global';
  desiredReplicas?: number;
  running: number;
  image: string;
  hasHealthcheck: boolean;
  update: { state: UpdateState; message?: string; startedAt?: string; completedAt?: string };
  /** Set on a temporary canary service: the service it is a canary of. */
  canaryOf?: string;
  /** Tasks whose desired state is running, then the most recent others (history), newest first. */
  tasks: SwarmTask[];
  version: number;
}

export interface SwarmStack {
  name: string;
  services: SwarmService[];
}

export interface SwarmSnapshot {
  /** False when the engine is not a swarm manager (then everything else is empty). */
  isManager: boolean;
  localNodeState: string;
  nodes: SwarmNode[];
  stacks: SwarmStack[];
  /** Services that belong to no stack (created with `docker service create`). */
  looseServices: SwarmService[];
  takenAt: number;
}

// The parts of the engine's answers we read; the engine sends much more.
interface RawNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean };
}
interface RawTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  Spec?: { ContainerSpec?: { Image?: string } };
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    Timestamp?: string;
    ContainerStatus?: { ContainerID?: string };
    PortStatus?: { Ports?: Array<{ PublishedPort?: number; TargetPort?: number; Protocol?: string }> };
  };
}
interface RawService {
  ID: string;
  Version?: { Index?: number };
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate?: { ContainerSpec?: { Image?: string; Healthcheck?: { Test?: string[] } } };
  };
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string; CompletedAt?: string };
}

/** Tasks of a service kept besides the current ones: enough to show what failed last. */
const HISTORY_PER_SERVICE = 5;

/** Whether the engine is a swarm manager (it can deploy stacks and list the cluster). */
export async function isSwarmManager(docker: Docker): Promise<boolean> {
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
  return info.Swarm?.ControlAvailable === true;
}

export async function readSwarm(docker: Docker): Promise<SwarmSnapshot> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const localNodeState = info.Swarm?.LocalNodeState ?? 'inactive';
  if (!info.Swarm?.ControlAvailable) {
    return { isManager: false, localNodeState, nodes: [], stacks: [], looseServices: [], takenAt: Date.now() };
  }
  const [rawNodes, rawServices, rawTasks] = await Promise.all([
    docker.listNodes() as Promise<RawNode[]>,
    docker.listServices() as unknown as Promise<RawService[]>,
    docker.listTasks() as Promise<RawTask[]>,
  ]);
  return buildSnapshot(localNodeState, rawNodes, rawServices, rawTasks);
}

export function buildSnapshot(localNodeState: string, rawNodes: RawNode[], rawServices: RawService[], rawTasks: RawTask[]): SwarmSnapshot {
  const nodes: SwarmNode[] = rawNodes.map((n) => ({
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID.slice(0, 12),
    role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
    state: n.Status?.State ?? 'unknown',
    availability: n.Spec?.Availability ?? 'active',
    address: n.Status?.Addr,
    leader: n.ManagerStatus?.Leader === true,
  }));
  nodes.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const tasksByService = new Map<string, RawTask[]>();
  for (const t of rawTasks) {
    const list = tasksByService.get(t.ServiceID) ?? [];
    list.push(t);
    tasksByService.set(t.ServiceID, list);
  }
  const stacks = new Map<string, SwarmService[]>();
  const looseServices: SwarmService[] = [];
  for (const s of rawServices) {
    const service = serviceFrom(s, tasksByService.get(s.ID) ?? [], nodeById);
    if (service.stack) stacks.set(service.stack, [...(stacks.get(service.stack) ?? []), service]);
    else looseServices.push(service);
  }
  const byName = (a: SwarmService, b: SwarmService) => a.name.localeCompare(b.name);
  return {
    isManager: true,
    localNodeState,
    nodes,
    stacks: [...stacks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, services]) => ({ name, services: services.sort(byName) })),
    looseServices: looseServices.sort(byName),
    takenAt: Date.now(),
  };
}

function serviceFrom(s: RawService, rawTasks: RawTask[], nodeById: Map<string, SwarmNode>): SwarmService {
  const spec = s.Spec ?? {};
  const labels = spec.Labels ?? {};
  const name = spec.Name ?? s.ID;
  const stack = labels[STACK_LABEL];
  const healthTest = spec.TaskTemplate?.ContainerSpec?.Healthcheck?.Test;
  // ["NONE"] disables an image's healthcheck; no Test means "the image's" (unknown here: the image
  // may have none), which the task states still reflect.
  const hasHealthcheck = !!healthTest && healthTest.length > 0 && healthTest[0] !== 'NONE';
  const tasks = rawTasks
    .map((t) => taskFrom(t, nodeById, healthTest === undefined ? undefined : hasHealthcheck))
    .sort((a, b) => Number(b.desiredState === 'running') - Number(a.desiredState === 'running') || b.timestamp.localeCompare(a.timestamp));
  const current = tasks.filter((t) => t.desiredState === 'running');
  const history = tasks.filter((t) => t.desiredState !== 'running').slice(0, HISTORY_PER_SERVICE);
  const canaryOf = labels[CANARY_LABEL];
  const composeName = stack && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
  return {
    id: s.ID,
    name,
    composeName,
    stack,
    mode: spec.Mode?.Global ? 'global' : 'replicated',
    desiredReplicas: spec.Mode?.Replicated?.Replicas,
    running: current.filter((t) => t.state === 'running').length,
    image: stripDigest(spec.TaskTemplate?.ContainerSpec?.Image ?? ''),
    hasHealthcheck,
    update: {
      state: (s.UpdateStatus?.State as UpdateState | undefined) ?? 'none',
      message: s.UpdateStatus?.Message,
      startedAt: s.UpdateStatus?.StartedAt,
      completedAt: s.UpdateStatus?.CompletedAt,
    },
    canaryOf,
    tasks: [...current, ...history],
    version: s.Version?.Index ?? 0,
  };
}

function taskFrom(t: RawTask, nodeById: Map<string, SwarmNode>, hasHealthcheck: boolean | undefined): SwarmTask {
  const node = t.NodeID ? nodeById.get(t.NodeID) : undefined;
  const state = t.Status?.State ?? 'unknown';
  const error = t.Status?.Err || undefined;
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    slot: t.Slot,
    nodeId: t.NodeID,
    node: node?.hostname ?? (t.NodeID ? t.NodeID.slice(0, 12) : '(unassigned)'),
    nodeState: node?.state,
    desiredState: t.DesiredState ?? 'unknown',
    state,
    message: t.Status?.Message ?? '',
    error,
    health: taskHealth(state, error, hasHealthcheck),
    image: t.Spec?.ContainerSpec?.Image ? stripDigest(t.Spec.ContainerSpec.Image) : undefined,
    ports: (t.Status?.PortStatus?.Ports ?? []).map((p) => ({ published: p.PublishedPort ?? 0, target: p.TargetPort ?? 0, protocol: p.Protocol ?? 'tcp' })),
    timestamp: t.Status?.Timestamp ?? '',
    containerId: t.Status?.ContainerStatus?.ContainerID || undefined,
  };
}

/** See the module comment: Swarm reports running only after the first healthy check. */
export function taskHealth(state: string, error: string | undefined, hasHealthcheck: boolean | undefined): TaskHealth {
  if (error && /unhealthy/i.test(error)) return 'unhealthy';
  if (hasHealthcheck === false) return 'none';
  if (state === 'running') return hasHealthcheck ? 'healthy' : 'unknown';
  if (state === 'starting') return 'starting';
  return 'unknown';
}

function stripDigest(image: string): string {
  const at = image.indexOf('@sha256:');
  return at > 0 ? image.slice(0, at) : image;
}

/** A stopped/failed task's reason in one line: the engine's error, else its last message. */
export function taskReason(t: SwarmTask): string {
  return t.error ?? t.message;
}

export function findService(snapshot: SwarmSnapshot, name: string): SwarmService | undefined {
  for (const st of snapshot.stacks) for (const s of st.services) if (s.name === name) return s;
  return snapshot.looseServices.find((s) => s.name === name);
}

export function stackServices(snapshot: SwarmSnapshot, stack: string): SwarmService[] {
  return snapshot.stacks.find((s) => s.name === stack)?.services ?? [];
}
