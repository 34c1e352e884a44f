// One container as the tree shows it, built from either the list API (cheap, at sync) or inspect
// (after an event), plus the compose grouping. Pure data, no I/O.
import type { ContainerInspect, ContainerSummary } from './schemas';
import { COMPOSE_LABEL } from './labels';
import { gpuAssignment, gpuText } from './gpu';

export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none';
export type RunState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'unknown';

export interface PortInfo {
  hostIp?: string;
  hostPort?: number;
  containerPort: number;
  protocol: string;
}

export interface ContainerItem {
  id: string;
  name: string;
  image: string;
  state: RunState;
  health: Health;
  /** Set for exited/dead containers once known (inspect); undefined while unknown. */
  exitCode?: number;
  oomKilled: boolean;
  project?: string;
  service?: string;
  /** Compose files that created it (label com.docker.compose.project.config_files). */
  configFiles: string[];
  workingDir?: string;
  labels: Record<string, string>;
  ports: PortInfo[];
  /** Addresses on the container's networks. */
  ips: string[];
  /** Bind mounts: host source → container destination. */
  mounts: { source: string; destination: string }[];
  /** Seconds since epoch. */
  created: number;
  /** GPUs assigned by the engine ("nvidia ×1", "devices /dev/kfd, /dev/dri"); known once inspected. */
  gpu?: string;
}

const bindMounts = (m: { Type: string; Source: string; Destination: string }[]) => m.filter((x) => x.Type === 'bind').map((x) => ({ source: x.Source, destination: x.Destination }));

export const COMPOSE_PROJECT = COMPOSE_LABEL.project;
export const COMPOSE_SERVICE = COMPOSE_LABEL.service;
export const COMPOSE_CONFIG_FILES = COMPOSE_LABEL.configFiles;
export const COMPOSE_WORKING_DIR = COMPOSE_LABEL.workingDir;

const RUN_STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
const HEALTHS: ReadonlySet<string> = new Set(['healthy', 'unhealthy', 'starting']);

export function runState(s: string): RunState {
  const v = s.toLowerCase();
  return RUN_STATES.has(v) ? (v as RunState) : 'unknown';
}

export function health(s: string | undefined): Health {
  const v = (s ?? '').trim().toLowerCase();
  return HEALTHS.has(v) ? (v as Health) : 'none';
}

function composeFields(labels: Record<string, string>) {
  const files = labels[COMPOSE_CONFIG_FILES];
  return {
    project: labels[COMPOSE_PROJECT] || undefined,
    service: labels[COMPOSE_SERVICE] || undefined,
    configFiles: files ? files.split(',').map((f) => f.trim()).filter(Boolean) : [],
    workingDir: labels[COMPOSE_WORKING_DIR] || undefined,
  };
}

export function itemFromSummary(s: ContainerSummary, healthOf: Health): ContainerItem {
  return {
    id: s.Id,
    name: (s.Names[0] ?? s.Id.slice(0, 12)).replace(/^\//, ''),
    image: s.Image,
    state: runState(s.State),
    health: healthOf,
    oomKilled: false,
    labels: s.Labels,
    ...composeFields(s.Labels),
    ports: s.Ports.map((p) => ({ hostIp: p.IP, hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol: p.Type })),
    ips: s.NetworkSettings?.Networks ?? [],
    mounts: bindMounts(s.Mounts),
    created: s.Created,
  };
}

export function itemFromInspect(c: ContainerInspect): ContainerItem {
  const state = runState(c.State.Status);
  const ports: PortInfo[] = [];
  for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    if (!bindings || bindings.length === 0) ports.push({ containerPort, protocol });
    for (const b of bindings ?? []) ports.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort) || undefined, containerPort, protocol });
  }
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, '') || c.Id.slice(0, 12),
    image: c.Config.Image || c.Image,
    state,
    health: health(c.State.Health?.Status),
    exitCode: state === 'exited' || state === 'dead' ? c.State.ExitCode : undefined,
    oomKilled: c.State.OOMKilled,
    labels: c.Config.Labels,
    ...composeFields(c.Config.Labels),
    ports,
    ips: c.NetworkSettings?.Networks ?? [],
    mounts: bindMounts(c.Mounts),
    created: Math.floor((Date.parse(c.Created) || 0) / 1000),
    gpu: gpuOf(c),
  };
}

function gpuOf(c: ContainerInspect): string | undefined {
  const a = gpuAssignment(c);
  return a && gpuText(a);
}

export function isRunningLike(state: RunState): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}

export interface ServiceGroup {
  kind: 'service';
  project: string;
  name: string;
  containers: ContainerItem[];
}
export interface ProjectGroup {
  kind: 'project';
  name: string;
  services: ServiceGroup[];
  configFiles: string[];
  workingDir?: string;
}
export interface StandaloneGroup {
  kind: 'standalone';
  containers: ContainerItem[];
}

export const STANDALONE = 'Standalone';

/** Compose projects (by name) with their services (by name), then the standalone containers. */
export function groupContainers(items: Iterable<ContainerItem>): { projects: ProjectGroup[]; standalone: StandaloneGroup } {
  const projects = new Map<string, ProjectGroup>();
  const standalone: StandaloneGroup = { kind: 'standalone', containers: [] };
  for (const item of items) {
    if (!item.project) {
      standalone.containers.push(item);
      continue;
    }
    let project = projects.get(item.project);
    if (!project) {
      project = { kind: 'project', name: item.project, services: [], configFiles: item.configFiles, workingDir: item.workingDir };
      projects.set(item.project, project);
    }
    const serviceName = item.service ?? '(no service)';
    let service = project.services.find((s) => s.name === serviceName);
    if (!service) {
      service = { kind: 'service', project: item.project, name: serviceName, containers: [] };
      project.services.push(service);
    }
    service.containers.push(item);
  }
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  const sorted = [...projects.values()].sort(byName);
  for (const p of sorted) {
    p.services.sort(byName);
    for (const s of p.services) s.containers.sort(byName);
  }
  standalone.containers.sort(byName);
  return { projects: sorted, standalone };
}
