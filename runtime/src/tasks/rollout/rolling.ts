/**
 * deploy --strategy rolling: migrate (one-off) → start a second container of the service with
 * the new image/config next to the old (`up -d --no-deps --no-recreate --scale SVC=2N`) → wait
 * healthy + smoke it from inside → add it to the nginx upstream and reload → take the old one out
 * and reload → wait for the old workers to drain (≤ stop_grace_period) → stop (SIGTERM, grace) and
 * remove the old. A new container that never gets healthy or fails smoke is removed; the old
 * keeps serving and the proxy is never touched.
 */
import { upstreamConfig, writeUpstream } from '../../proxy/nginx';
import { composeStep, type Prepared } from '../context';
import { engineError } from '../docker';
import { migrateIfDetected } from '../migrate';
import { EXIT, Reporter } from '../reporter';
import { graceSeconds, nameOf, runningOf, smokeInside, stopAndRemove, waitHealthy } from './containers';
import { proxyLayoutOrReport, serversFor, switchUpstream, waitDrained } from './common';

export function smokePaths(prepared: Prepared): string[] {
  const given = (prepared.options.urls ?? []).filter((u) => u.startsWith('/'));
  return given.length ? given : ['/health', '/ready'];
}

export function reportProbes(reporter: Reporter, probes: string[]): void {
  if (probes.length === 0) return;
  reporter.line('Last probe outputs:');
  for (const p of probes) reporter.line(`  ${p.replace(/\n/g, '\n    ')}`);
}

export async function runRolling(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  const { project, docker, options } = prepared;
  const layout = proxyLayoutOrReport(prepared, reporter);
  if (!layout) return EXIT.usage;
  const { service, proxyService } = layout;
  const grace = graceSeconds(project, service);
  const total = 5;
  const started = Date.now();
  try {
    reporter.step(`deploy 1/${total}: migrate (project ${project.name}, rolling update of "${service}" behind "${proxyService}")`);
    const migrated = await migrateIfDetected(prepared, reporter, signal, '--command');
    if (!migrated.ok) {
      if (migrated.cancelled) return EXIT.cancelled;
      reporter.failure(`Deploy stopped: the migration failed: ${migrated.message}. Nothing else was changed: no new container, the proxy and the running version are untouched.`);
      return EXIT.failed;
    }

    reporter.step(`deploy 2/${total}: start the new "${service}" next to the old`);
    const old = await runningOf(docker, project.name, service);
    const oldIds = new Set(old.map((c) => c.Id));
    const args = old.length
      ? ['up', '-d', '--no-deps', '--no-recreate', '--scale', `${service}=${old.length * 2}`, service]
      : ['up', '-d', service];
    if (old.length === 0) reporter.line(`No running "${service}" container: first deploy (dependencies are started too).`);
    const up = await composeStep(prepared, args, reporter, signal);
    const fresh = (await runningOf(docker, project.name, service)).filter((c) => !oldIds.has(c.Id));
    const freshIds = fresh.map((c) => c.Id);
    const rollBack = async (why: string, probes: string[]): Promise<number> => {
      reporter.failure(`Deploy stopped: ${why}`);
      reportProbes(reporter, probes);
      if (freshIds.length) {
        // They never were in the upstream: no request in flight to wait for.
        await stopAndRemove(docker, freshIds, 2);
        reporter.line(`Removed the new container(s): ${fresh.map(nameOf).join(', ')}.`);
      }
      reporter.line(old.length ? `The old version keeps serving: ${old.map(nameOf).join(', ')} untouched, proxy upstream unchanged.` : 'Nothing was serving before; nothing is switched.');
      return EXIT.failed;
    };
    if (!up.ok) return up.cancelled ? EXIT.cancelled : rollBack(`starting the new container failed: ${up.message}`, []);
    if (fresh.length === 0) return rollBack(`compose started no new "${service}" container (container_name or a fixed host port keep a service from running twice).`, []);
    reporter.line(`New: ${fresh.map((c) => `${nameOf(c)} (${c.Image})`).join(', ')}${old.length ? `; old: ${old.map((c) => `${nameOf(c)} (${c.Image})`).join(', ')}` : ''}`);

    reporter.step(`deploy 3/${total}: wait healthy + smoke the new container(s)`);
    const healthy = await waitHealthy(docker, freshIds, (options.healthTimeout ?? 120) * 1000, signal);
    if (!healthy.ok) return rollBack(`the new version never got healthy: ${healthy.message}`, healthy.probes);
    const smoke = await smokeInside(docker, freshIds, layout.port, smokePaths(prepared), options.retries ?? 5, options.interval ?? 2, signal);
    if (!smoke.ok) return rollBack(`the new version failed its smoke checks: ${smoke.message}`, smoke.probes);
    for (const p of smoke.passed ?? []) reporter.line(`  ok ${p}`);

    reporter.step(`deploy 4/${total}: switch the proxy`);
    let proxy = (await runningOf(docker, project.name, proxyService))[0];
    const oldWorkers = new Set<string>();
    if (!proxy) {
      const servers = await serversFor(docker, layout, freshIds, freshIds[0]);
      if (typeof servers === 'string') return rollBack(servers, []);
      // No proxy yet: write the upstream first, then start it (its healthcheck goes through the new app).
      writeUpstream(layout, upstreamConfig(layout, servers, 'rolling, first start'));
      const started = await composeStep(prepared, ['up', '-d', '--no-deps', proxyService], reporter, signal);
      proxy = (await runningOf(docker, project.name, proxyService))[0];
      if (!started.ok || !proxy) return rollBack(`starting the proxy failed: ${started.ok ? 'no container' : started.message}`, []);
    } else {
      const both = await serversFor(docker, layout, [...freshIds, ...oldIds], proxy.Id);
      if (typeof both === 'string') return rollBack(both, []);
      if (old.length) {
        const add = await switchUpstream(docker, layout, proxy.Id, both, 'rolling: old + new', reporter, signal);
        if (!add.ok) return rollBack(`the proxy did not take the new upstream: ${add.message}`, []);
        add.oldWorkers.forEach((p) => oldWorkers.add(p));
      }
      const only = both.slice(0, freshIds.length);
      const sw = await switchUpstream(docker, layout, proxy.Id, only, 'rolling: new only', reporter, signal);
      if (!sw.ok) return rollBack(`the proxy did not take the new upstream: ${sw.message}`, []);
      sw.oldWorkers.forEach((p) => oldWorkers.add(p));
    }

    reporter.step(`deploy 5/${total}: drain and remove the old container(s)`);
    if (old.length) {
      await waitDrained(docker, proxy.Id, oldWorkers, grace, reporter, signal);
      await stopAndRemove(docker, [...oldIds], grace);
      reporter.line(`Stopped and removed: ${old.map(nameOf).join(', ')} (SIGTERM, up to ${grace} s for requests in flight).`);
    } else {
      reporter.line('No old container.');
    }
    reporter.success(`Deploy finished (rolling, ${((Date.now() - started) / 1000).toFixed(1)} s): "${service}" now runs ${fresh.map((c) => c.Image).join(', ')} behind "${proxyService}".`);
    return EXIT.ok;
  } catch (e) {
    reporter.failure(`Deploy failed: ${engineError(e)}`);
    return EXIT.failed;
  }
}
