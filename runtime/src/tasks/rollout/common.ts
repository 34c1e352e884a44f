/** What both zero-downtime strategies share: the proxy switch (compose steps and the migration gate are in ../context and ../migrate). */
import type Docker from 'dockerode';
import { findProxyLayout, reloadNginx, workerPids, upstreamConfig, UpstreamServer, writeUpstream, ProxyLayout } from '../../proxy/nginx';
import { Prepared, sleep } from '../context';
import type { Reporter } from '../reporter';
import { addressFor, nameOf } from './containers';

export type Strategy = 'rolling' | 'blue-green';
export const STRATEGIES: readonly Strategy[] = ['rolling', 'blue-green'];

/** The proxy and the service behind it (`--update-service` picks one), or undefined after saying what to change. */
export function proxyLayoutOrReport(prepared: Prepared, reporter: Reporter): ProxyLayout | undefined {
  const found = findProxyLayout(prepared.project, prepared.options.rolloutService);
  if (found.ok) return found.value;
  reporter.failure(found.message);
  return undefined;
}

/** Upstream entries for app containers, by their address on a network the proxy shares. */
export async function serversFor(docker: Docker, layout: ProxyLayout, appIds: string[], proxyId: string): Promise<UpstreamServer[] | string> {
  const out: UpstreamServer[] = [];
  for (const id of appIds) {
    const info = await docker.getContainer(id).inspect();
    const address = await addressFor(docker, id, proxyId);
    if (!address) return `${nameOf(info)} shares no network with the proxy container; put "${layout.service}" and "${layout.proxyService}" on a common network.`;
    out.push({ address, port: layout.port, note: `${nameOf(info)} (${info.Config.Image})` });
  }
  return out;
}

/**
 * Rewrites the upstream and reloads nginx; on a failed reload the previous file is put back.
 * Returns the worker PIDs of the configuration before (the ones to wait for in waitDrained), once
 * the master has started the new workers: `nginx -s reload` only sends a signal.
 */
export async function switchUpstream(
  docker: Docker,
  layout: ProxyLayout,
  proxyId: string,
  servers: UpstreamServer[],
  why: string,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<{ ok: true; oldWorkers: Set<string> } | { ok: false; message: string }> {
  const before = await workerPids(docker, proxyId);
  const previous = writeUpstream(layout, upstreamConfig(layout, servers, why));
  reporter.line(`upstream ${layout.service} → ${servers.map((s) => `${s.address}:${s.port} (${s.note})`).join(', ')}`);
  const r = await reloadNginx(docker, proxyId);
  if (!r.ok) {
    if (previous !== undefined) writeUpstream(layout, previous);
    return { ok: false, message: r.message };
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = await workerPids(docker, proxyId);
    if ([...now].some((p) => !before.has(p))) break;
    if (Date.now() > deadline || signal?.aborted) return { ok: false, message: 'nginx started no worker with the new configuration within 30 s' };
    await sleep(100, signal);
  }
  reporter.line('nginx -s reload: new workers use the new upstream; old workers finish their requests.');
  return { ok: true, oldWorkers: before };
}

/** Waits (at most `graceS`) until the given nginx workers (older configurations) have finished their requests and exited. */
export async function waitDrained(docker: Docker, proxyId: string, oldWorkers: Set<string>, graceS: number, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + graceS * 1000;
  const left = async () => [...(await workerPids(docker, proxyId).catch(() => new Set<string>()))].filter((p) => oldWorkers.has(p)).length;
  let n = await left();
  while (n > 0 && Date.now() < deadline && !signal?.aborted) {
    await sleep(200, signal);
    n = await left();
  }
  reporter.line(n === 0 ? 'Drained: every nginx worker of the old configuration has finished its requests and exited.' : `${n} old nginx worker(s) still busy after stop_grace_period (${graceS} s); stopping anyway.`);
}
