/**
 * deploy --strategy blue-green: the service behind the proxy runs in a colour project
 * (`-p NAME-blue` / `-p NAME-green`, only that service, joined to the main project's networks as
 * external ones); the shared services (database, cache, model server, proxy) stay in the main
 * project. migrate (one-off) → bring up the idle colour → wait healthy + smoke → switch the nginx
 * upstream to it (one reload) → drain → keep the old colour `--keep-old` seconds for
 * `deploy --switch-back` → stop and remove it. The colour file is `docker-compose config`'s
 * resolved service (compose interpolates it), written 0600 to a temp directory and removed after.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCompose } from '../../compose/cli';
import type { ProxyLayout } from '../../proxy/nginx';
import { composeOrReport, composeStep, Prepared, sleep } from '../context';
import { engineError } from '../docker';
import { migrateIfDetected } from '../migrate';
import { projectRef } from '../project';
import { EXIT, Reporter } from '../reporter';
import { graceSeconds, nameOf, runningOf, smokeInside, stopAndRemove, waitHealthy } from './containers';
import { proxyLayoutOrReport, serversFor, switchUpstream, waitDrained } from './common';
import { reportProbes, smokePaths } from './rolling';

type Colour = 'blue' | 'green' | 'main';

interface State {
  active: Colour;
  previous?: Colour;
  switchedAt: string;
}

function stateFile(layout: ProxyLayout): string {
  return path.join(layout.confDir, `ai-stack-deploy-${layout.service}.json`);
}

function readState(layout: ProxyLayout): State | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(layout), 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function writeState(layout: ProxyLayout, state: State): void {
  writeFileSync(stateFile(layout), JSON.stringify(state, null, 2) + '\n');
}

function projectOf(main: string, colour: Colour): string {
  return colour === 'main' ? main : `${main}-${colour}`;
}

/** The colour serving now: the one whose containers are in the upstream (state file), else the one running. */
async function activeColour(prepared: Prepared, layout: ProxyLayout): Promise<Colour | undefined> {
  const state = readState(layout);
  const running = async (c: Colour) => (await runningOf(prepared.docker, projectOf(prepared.project.name, c), layout.service)).length > 0;
  if (state && (await running(state.active))) return state.active;
  for (const c of ['blue', 'green', 'main'] as Colour[]) if (await running(c)) return c;
  return undefined;
}

/** `compose config` of the project, reduced to the one service with the main project's networks as external. */
async function colourFile(prepared: Prepared, layout: ProxyLayout, reporter: Reporter): Promise<{ file: string; dir: string } | string> {
  const cli = await composeOrReport(prepared, reporter);
  if (!cli) return 'no compose CLI';
  let text = '';
  const r = await runCompose(cli, projectRef(prepared.project), ['config'], { env: prepared.env, onOutput: (c) => (text += c) });
  if (r.code !== 0) return `compose config failed (exit ${r.code}): ${text.trim().slice(-500)}`;
  const config = parse(text.slice(text.search(/^(services|version|networks|volumes):/m))) as Record<string, Record<string, Record<string, unknown>>>;
  const service = config.services?.[layout.service];
  if (!service) return `compose config has no service "${layout.service}"`;
  delete service.depends_on;
  delete service.container_name;
  delete service.profiles;
  const nets = service.networks ? (Array.isArray(service.networks) ? service.networks : Object.keys(service.networks)) : ['default'];
  const networks: Record<string, unknown> = {};
  for (const n of nets as string[]) {
    const declared = config.networks?.[n] as { name?: string; external?: unknown } | undefined;
    networks[n] = { external: true, name: declared?.name ?? `${prepared.project.name}_${n}` };
  }
  if (!service.networks) service.networks = ['default'] as unknown as Record<string, unknown>;
  const volumes: Record<string, unknown> = {};
  for (const v of (service.volumes as unknown as Array<{ type?: string; source?: string }>) ?? []) {
    if (v && typeof v === 'object' && v.type === 'volume' && v.source) {
      const declared = config.volumes?.[v.source] as { name?: string } | undefined;
      volumes[v.source] = { external: true, name: declared?.name ?? `${prepared.project.name}_${v.source}` };
    }
  }
  const out: Record<string, unknown> = { services: { [layout.service]: service }, networks };
  if (config.version) out.version = config.version;
  if (Object.keys(volumes).length) out.volumes = volumes;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-stack-colour-'));
  const file = path.join(dir, 'compose.yaml');
  writeFileSync(file, stringify(out), { mode: 0o600 });
  return { file, dir };
}

async function colourCompose(prepared: Prepared, file: string, project: string, args: string[], reporter: Reporter, signal?: AbortSignal) {
  return composeStep(prepared, args, reporter, signal, { files: [file], projectName: project, projectDirectory: prepared.project.directory });
}

export async function runBlueGreen(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  const { project, docker, options } = prepared;
  const layout = proxyLayoutOrReport(prepared, reporter);
  if (!layout) return EXIT.usage;
  const grace = graceSeconds(project, layout.service);
  const started = Date.now();
  const total = 5;
  let tmp: string | undefined;
  try {
    const proxy = (await runningOf(docker, project.name, layout.proxyService))[0];
    if (!proxy) {
      reporter.failure(`The proxy "${layout.proxyService}" is not running in project ${project.name}: start the stack first (deploy --strategy rolling does a first deploy), then switch colours.`);
      return EXIT.failed;
    }
    const active = await activeColour(prepared, layout);
    const idle: Colour = active === 'blue' ? 'green' : 'blue';
    const idleProject = projectOf(project.name, idle);
    reporter.step(`deploy 1/${total}: migrate (project ${project.name}; "${layout.service}" serves from ${active ?? 'nothing'}, the new version goes to ${idle})`);
    const migrated = await migrateIfDetected(prepared, reporter, signal, '--command');
    if (!migrated.ok) {
      if (migrated.cancelled) return EXIT.cancelled;
      reporter.failure(`Deploy stopped: the migration failed: ${migrated.message}. Nothing else was changed: no ${idle} container, the proxy and the running version are untouched.`);
      return EXIT.failed;
    }

    reporter.step(`deploy 2/${total}: bring up ${idle} (project ${idleProject})`);
    const leftovers = await runningOf(docker, idleProject, layout.service);
    if (leftovers.length) {
      await stopAndRemove(docker, leftovers.map((c) => c.Id), grace);
      reporter.line(`Removed leftover ${idle} container(s): ${leftovers.map(nameOf).join(', ')}`);
    }
    const made = await colourFile(prepared, layout, reporter);
    if (typeof made === 'string') {
      reporter.failure(`Deploy stopped: ${made}`);
      return EXIT.failed;
    }
    tmp = made.dir;
    const up = await colourCompose(prepared, made.file, idleProject, ['up', '-d', '--no-deps', layout.service], reporter, signal);
    const fresh = await runningOf(docker, idleProject, layout.service);
    const freshIds = fresh.map((c) => c.Id);
    const rollBack = async (why: string, probes: string[]): Promise<number> => {
      reporter.failure(`Deploy stopped: ${why}`);
      reportProbes(reporter, probes);
      await stopAndRemove(docker, freshIds, 2); // never in the upstream: nothing in flight
      await colourCompose(prepared, made.file, idleProject, ['down', '--remove-orphans', '-t', '1'], reporter).catch(() => undefined);
      reporter.line(`Removed ${idle} (${fresh.map(nameOf).join(', ') || 'no container'}). ${active ? `${active} keeps serving; the proxy upstream is unchanged.` : ''}`);
      return EXIT.failed;
    };
    if (!up.ok) return up.cancelled ? EXIT.cancelled : rollBack(`starting ${idle} failed: ${up.message}`, []);
    if (fresh.length === 0) return rollBack(`compose started no ${idle} container`, []);

    reporter.step(`deploy 3/${total}: wait healthy + smoke ${idle}`);
    const healthy = await waitHealthy(docker, freshIds, (options.healthTimeout ?? 120) * 1000, signal);
    if (!healthy.ok) return rollBack(`the new version never got healthy: ${healthy.message}`, healthy.probes);
    const smoke = await smokeInside(docker, freshIds, layout.port, smokePaths(prepared), options.retries ?? 5, options.interval ?? 2, signal);
    if (!smoke.ok) return rollBack(`the new version failed its smoke checks: ${smoke.message}`, smoke.probes);
    for (const p of smoke.passed ?? []) reporter.line(`  ok ${p}`);

    reporter.step(`deploy 4/${total}: switch the proxy to ${idle}`);
    const servers = await serversFor(docker, layout, freshIds, proxy.Id);
    if (typeof servers === 'string') return rollBack(servers, []);
    const sw = await switchUpstream(docker, layout, proxy.Id, servers, `blue-green: ${idle}`, reporter, signal);
    if (!sw.ok) return rollBack(`the proxy did not take the new upstream: ${sw.message}`, []);
    writeState(layout, { active: idle, previous: active, switchedAt: new Date().toISOString() });
    await waitDrained(docker, proxy.Id, sw.oldWorkers, grace, reporter, signal);

    reporter.step(`deploy 5/${total}: retire ${active ?? 'nothing'}`);
    if (active) {
      const keep = options.keepOld ?? 0;
      if (keep > 0) {
        reporter.line(`Keeping ${active} for ${keep} s: \`ai-stack deploy --switch-back\` switches the proxy back to it until then.`);
        const until = Date.now() + keep * 1000;
        while (Date.now() < until && !signal?.aborted && readState(layout)?.active === idle) await sleep(500, signal);
        if (readState(layout)?.active !== idle) {
          reporter.success(`Switched back to ${readState(layout)?.active} by --switch-back; ${idle} was retired there.`);
          return EXIT.ok;
        }
      }
      const old = await runningOf(docker, projectOf(project.name, active), layout.service);
      await stopAndRemove(docker, old.map((c) => c.Id), grace);
      reporter.line(`Stopped and removed ${active}: ${old.map(nameOf).join(', ')} (SIGTERM, up to ${grace} s for requests in flight).`);
      const state = readState(layout);
      if (state?.active === idle) writeState(layout, { ...state, previous: undefined });
    }
    reporter.success(`Deploy finished (blue-green, ${((Date.now() - started) / 1000).toFixed(1)} s): "${layout.service}" now runs ${fresh.map((c) => c.Image).join(', ')} in ${idleProject}.`);
    return EXIT.ok;
  } catch (e) {
    reporter.failure(`Deploy failed: ${engineError(e)}`);
    return EXIT.failed;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** deploy --switch-back: the proxy goes back to the previous colour while it still runs; the current one is retired. */
export async function runSwitchBack(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  const { project, docker } = prepared;
  const layout = proxyLayoutOrReport(prepared, reporter);
  if (!layout) return EXIT.usage;
  const grace = graceSeconds(project, layout.service);
  try {
    const state = readState(layout);
    if (!state?.previous) {
      reporter.failure(`Nothing to switch back to: no previous colour is recorded in ${stateFile(layout)} (it is retired after --keep-old seconds).`);
      return EXIT.failed;
    }
    const back = await runningOf(docker, projectOf(project.name, state.previous), layout.service);
    if (back.length === 0) {
      reporter.failure(`The previous colour (${state.previous}) is no longer running; deploy the version you want instead.`);
      return EXIT.failed;
    }
    const proxy = (await runningOf(docker, project.name, layout.proxyService))[0];
    if (!proxy) {
      reporter.failure(`The proxy "${layout.proxyService}" is not running.`);
      return EXIT.failed;
    }
    reporter.step(`switch back: ${state.active} → ${state.previous}`);
    const healthy = await waitHealthy(docker, back.map((c) => c.Id), 30_000, signal);
    if (!healthy.ok) {
      reporter.failure(`${state.previous} is not healthy, not switching: ${healthy.message}`);
      reportProbes(reporter, healthy.probes);
      return EXIT.failed;
    }
    const servers = await serversFor(docker, layout, back.map((c) => c.Id), proxy.Id);
    if (typeof servers === 'string') {
      reporter.failure(servers);
      return EXIT.failed;
    }
    const sw = await switchUpstream(docker, layout, proxy.Id, servers, `switch back to ${state.previous}`, reporter, signal);
    if (!sw.ok) {
      reporter.failure(`The proxy did not take the upstream: ${sw.message}`);
      return EXIT.failed;
    }
    writeState(layout, { active: state.previous, switchedAt: new Date().toISOString() });
    await waitDrained(docker, proxy.Id, sw.oldWorkers, grace, reporter, signal);
    const retired = await runningOf(docker, projectOf(project.name, state.active), layout.service);
    await stopAndRemove(docker, retired.map((c) => c.Id), grace);
    reporter.success(`Switched back to ${state.previous} (${back.map((c) => c.Image).join(', ')}); removed ${state.active}: ${retired.map(nameOf).join(', ')}.`);
    return EXIT.ok;
  } catch (e) {
    reporter.failure(`Switch-back failed: ${engineError(e)}`);
    return EXIT.failed;
  }
}

