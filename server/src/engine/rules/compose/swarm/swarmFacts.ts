/** Facts about a service as Swarm runs it, shared by the swarm rules. */
import type { ComposeContext } from '../../../compose/context';
import type { ServiceView } from '../../../compose/model';
import { asStringList, envEntries, imageOf, isDatabase, isHostPath, isOllama, isOneShot, volumeSpecs } from '../../../compose/facts';
import { durationSeconds } from '../../../shared/duration';
import { servicesOf } from '../../shared/util';

/** `deploy.mode`: replicated (default), global, or the run-once job modes. */
export function deployMode(svc: ServiceView): string {
  const mode = svc.get(['deploy', 'mode'])?.js;
  return typeof mode === 'string' ? mode : 'replicated';
}

/**
 * A long-running replicated service: what rolling updates, health and replica counts are about.
 * Jobs and one-shot tasks (migrations) run to completion instead.
 */
export function isLongRunning(ctx: ComposeContext, svc: ServiceView): boolean {
  const mode = deployMode(svc);
  if (mode === 'replicated-job' || mode === 'global-job') return false;
  return !isOneShot(ctx.model, svc);
}

/** `deploy.replicas` as a number (1 when absent, as Swarm's default); undefined when interpolated. */
export function replicaCount(svc: ServiceView): number | undefined {
  const js = svc.get(['deploy', 'replicas'])?.js;
  if (js == null) return 1;
  const n = Number(js);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * How long a new task may take to be judged healthy: interval × retries + start_period, with
 * Docker's defaults (30s, 3, 0s). Undefined when the service has no (enabled) healthcheck.
 */
export function healthWindowSeconds(svc: ServiceView): number | undefined {
  const hc = svc.get(['healthcheck'])?.js;
  if (!hc || typeof hc !== 'object') return undefined;
  const h = hc as Record<string, unknown>;
  if (h.disable === true || asStringList(h.test)[0]?.toUpperCase() === 'NONE') return undefined;
  const interval = h.interval === undefined ? 30 : durationSeconds(h.interval);
  const retries = h.retries === undefined ? 3 : Number(h.retries);
  const start = h.start_period === undefined ? 0 : durationSeconds(h.start_period);
  if (interval === undefined || start === undefined || !Number.isFinite(retries)) return undefined;
  return interval * retries + start;
}

/** Compose duration text for a number of seconds (`90s`, `2m30s`). */
export function durationText(seconds: number): string {
  const s = Math.ceil(seconds);
  return s >= 60 && s % 60 === 0 ? `${s / 60}m` : s > 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

const MODEL_CACHE_TARGET = /(^|\/)(\.ollama|huggingface|\.cache\/huggingface|models?|model-cache|vllm)(\/|$)/i;

/**
 * A service whose data lives in a volume on one node: a database, cache or vector store, or a
 * model server / model cache, with a named volume (or a bind mount of a host directory).
 */
export function statefulVolume(svc: ServiceView): string | undefined {
  const image = imageOf(svc);
  const volumes = volumeSpecs(svc).filter((v) => (v.type === 'volume' && v.source && !isHostPath(v.source)) || (v.type === 'bind' && !v.readOnly));
  const stateful = isDatabase(image) || isOllama(image) || volumes.some((v) => MODEL_CACHE_TARGET.test(v.target));
  if (!stateful) return undefined;
  const data = volumes.find((v) => v.type === 'volume') ?? volumes[0];
  return data?.source;
}

/** Placement constraints that tie tasks to particular nodes (`node.hostname == …`, `node.labels.x == …`, …). */
export function nodeConstraints(svc: ServiceView): string[] {
  return asStringList(svc.get(['deploy', 'placement', 'constraints'])?.js).filter((c) => /^\s*node\.(hostname|id|labels\.[^=!\s]+|role)\s*==/.test(c));
}

/** Generic resources the service reserves (`discrete_resource_spec` / `named_resource_spec` kinds). */
export function genericResourceKinds(svc: ServiceView): string[] {
  const out: string[] = [];
  for (const ref of svc.items(['deploy', 'resources', 'reservations', 'generic_resources'])) {
    const r = (ref.js && typeof ref.js === 'object' ? ref.js : {}) as Record<string, Record<string, unknown> | undefined>;
    const kind = r.discrete_resource_spec?.kind ?? r.named_resource_spec?.kind;
    if (kind != null) out.push(String(kind));
  }
  return out;
}

const GPU_KIND = /gpu/i;

/** The service asks for GPUs in any of the ways compose or Swarm spell it. */
export function wantsGpu(svc: ServiceView): boolean {
  if (genericResourceKinds(svc).some((k) => GPU_KIND.test(k))) return true;
  for (const ref of svc.items(['deploy', 'resources', 'reservations', 'devices'])) {
    const d = (ref.js && typeof ref.js === 'object' ? ref.js : {}) as Record<string, unknown>;
    if (asStringList(d.capabilities).some((c) => /gpu/i.test(c)) || /nvidia|amd|gpu/i.test(String(d.driver ?? ''))) return true;
  }
  if (svc.get(['gpus'])) return true;
  if (svc.get(['runtime'])?.js === 'nvidia') return true;
  const visible = envEntries(svc).find((e) => e.name === 'NVIDIA_VISIBLE_DEVICES')?.value;
  return !!visible && !/^(void|none)$/i.test(visible.trim());
}

/** Per model: service name → the services whose environment calls it over HTTP (one pass, not one per service). */
const httpClients = new WeakMap<object, Map<string, string[]>>();
const HTTP_HOST = /https?:\/\/(?:[^/@\s]*@)?([A-Za-z0-9_.-]+)/gi;

function httpClientsOf(ctx: ComposeContext, name: string): string[] {
  let byHost = httpClients.get(ctx.model);
  if (!byHost) {
    byHost = new Map();
    for (const other of servicesOf(ctx)) {
      if (isOneShot(ctx.model, other)) continue;
      const hosts = new Set<string>();
      for (const e of envEntries(other)) if (e.value) for (const m of e.value.matchAll(HTTP_HOST)) hosts.add(m[1].toLowerCase());
      for (const h of hosts) byHost.set(h, [...(byHost.get(h) ?? []), other.name]);
    }
    httpClients.set(ctx.model, byHost);
  }
  return (byHost.get(name.toLowerCase()) ?? []).filter((c) => c !== name);
}

/**
 * Why a service is served (published ports, or HTTP clients in the stack), or undefined. Databases,
 * caches and one-shot jobs are not apps: they are never "served" here.
 */
export function servedBecause(ctx: ComposeContext, svc: ServiceView): string | undefined {
  const image = imageOf(svc);
  if (isDatabase(image) || !isLongRunning(ctx, svc)) return undefined;
  if (svc.items(['ports']).length > 0) return 'it publishes ports';
  const clients = httpClientsOf(ctx, svc.name);
  return clients.length ? `${clients.map((c) => `"${c}"`).join(', ')} call${clients.length === 1 ? 's' : ''} it over HTTP` : undefined;
}
