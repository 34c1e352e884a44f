/** What both zero-downtime strategies share: compose calls, the migration gate, the proxy switch. */
import type Docker from 'dockerode';
import { composeArgv, ComposeProjectRef, displayCommand, runCompose } from '../../compose/cli';
import { drainingWorkers, reloadNginx, upstreamConfig, UpstreamServer, writeUpstream, ProxyLayout } from '../../proxy/nginx';
import { composeOrReport, Prepared, sleep, StepResult } from '../context';
import { migrateStep, migrationPlanFor } from '../migrate';
import { projectRef } from '../project';
import type { Reporter } from '../reporter';
import { addressFor, nameOf } from './containers';

export type Strategy = 'rolling' | 'blue-green';
export const STRATEGIES: readonly Strategy[] = ['rolling', 'blue-green'];

export async function compose(prepared: Prepared, args: string[], reporter: Reporter, signal?: AbortSignal, ref: ComposeProjectRef = projectRef(prepared.project)): Promise<StepResult> {
  const cli = await composeOrReport(prepared, reporter);
  if (!cli) return { ok: false, message: 'no compose CLI' };
  reporter.line(`$ ${displayCommand(cli.program, composeArgv(cli, ref, args))}`);
  const r = await runCompose(cli, ref, args, { env: prepared.env, signal, onOutput: (c) => reporter.output(c) });
  if (r.cancelled) return { ok: false, cancelled: true, message: 'cancelled' };
  return r.code === 0 ? { ok: true } : { ok: false, message: r.spawnError ?? `${args[0]} exited with code ${r.code}` };
}

/** The migration as a one-off job, before anything is switched; skipped when none is detected. */
export async function migrateFirst(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Promise<StepResult> {
  const plan = migrationPlanFor(prepared);
  if (!plan) {
    reporter.line('No migration detected; skipping (pass --command to run one).');
    return { ok: true, skipped: true };
  }
  if (!plan.ok) return { ok: false, message: plan.message };
  return migrateStep(prepared, plan.value, reporter, signal);
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

/** Rewrites the upstream and reloads nginx; on a failed reload the previous file is put back. */
export async function switchUpstream(docker: Docker, layout: ProxyLayout, proxyId: string, servers: UpstreamServer[], why: string, reporter: Reporter): Promise<StepResult> {
  const previous = writeUpstream(layout, upstreamConfig(layout, servers, why));
  reporter.line(`upstream ${layout.service} → ${servers.map((s) => `${s.address}:${s.port} (${s.note})`).join(', ')}`);
  const r = await reloadNginx(docker, proxyId);
  if (!r.ok) {
    if (previous !== undefined) writeUpstream(layout, previous);
    return { ok: false, message: r.message };
  }
  reporter.line('nginx -s reload: new workers use the new upstream; old workers finish their requests.');
  return { ok: true };
}

/** Waits (at most `graceS`) until nginx workers of older configurations have finished their requests. */
export async function waitDrained(docker: Docker, proxyId: string, graceS: number, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + graceS * 1000;
  let n = await drainingWorkers(docker, proxyId).catch(() => 0);
  while (n > 0 && Date.now() < deadline && !signal?.aborted) {
    await sleep(250, signal);
    n = await drainingWorkers(docker, proxyId).catch(() => 0);
  }
  reporter.line(n === 0 ? 'Drained: no nginx worker of the old configuration is left.' : `${n} old nginx worker(s) still busy after stop_grace_period (${graceS} s); stopping anyway.`);
}
