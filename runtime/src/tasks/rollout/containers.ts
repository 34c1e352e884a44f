/** Container-level steps a zero-downtime rollout shares: wait ready, smoke from inside, address, drain, remove. */
import type Docker from 'dockerode';
import { toJS } from '../../../../server/src/engine/project/merge';
import { execIn } from '../../proxy/exec';
import { sleep } from '../context';
import { projectContainers } from '../docker';
import type { TaskProject } from '../project';
import { durationSeconds as parseDuration } from '../../../../server/src/engine/shared/duration';

export type Outcome = { ok: true } | { ok: false; message: string; probes: string[] };

/** Running containers of a service (not one-offs), oldest first. */
export async function runningOf(docker: Docker, project: string, service: string): Promise<Docker.ContainerInfo[]> {
  const list = await projectContainers(docker, project, { service, oneoff: false, all: false });
  return list.filter((c) => c.State === 'running').sort((a, b) => a.Created - b.Created);
}

export function nameOf(info: { Names?: string[]; Id: string } | { Name?: string; Id: string }): string {
  const n = 'Names' in info && info.Names ? info.Names[0] : 'Name' in info ? info.Name : undefined;
  return (n ?? info.Id.slice(0, 12)).replace(/^\//, '');
}

/** Compose duration in seconds, `fallback` when unset or not a duration (the engine's one parser). */
export function durationSeconds(value: unknown, fallback: number): number {
  return parseDuration(value) ?? fallback;
}

/** stop_grace_period of a service (compose default 10 s). */
export function graceSeconds(project: TaskProject, service: string): number {
  const view = project.model.services.find((s) => s.name === service);
  return durationSeconds(view ? toJS(view.at(['stop_grace_period'])) : undefined, 10);
}

async function healthLog(docker: Docker, id: string): Promise<{ state: string; health?: string; exitCode: number; outputs: string[]; name: string }> {
  const c = await docker.getContainer(id).inspect();
  const h = c.State.Health;
  const outputs = (h?.Log ?? []).slice(-3).map((l) => `exit ${l.ExitCode}: ${(l.Output ?? '').trim().slice(-300) || '(no output)'}`);
  return { state: c.State.Status, health: h?.Status, exitCode: c.State.ExitCode, outputs, name: c.Name.replace(/^\//, '') };
}

async function logTail(docker: Docker, id: string, lines = 10): Promise<string> {
  try {
    const buf = (await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
    // Multiplexed frames: 8-byte headers before each chunk.
    let out = '';
    for (let i = 0; i + 8 <= buf.length; ) {
      const size = buf.readUInt32BE(i + 4);
      out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
      i += 8 + size;
    }
    return out.trim();
  } catch {
    return '';
  }
}

/**
 * Waits until every container is healthy (running, for ones without a healthcheck). Fails at once on
 * exit or `unhealthy`, else at the deadline, with the engine's last probe outputs and the log tail.
 */
export async function waitHealthy(docker: Docker, ids: string[], timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(ids.map((id) => healthLog(docker, id)));
    const bad = states.find((s) => s.state !== 'running' || s.health === 'unhealthy');
    const pending = states.filter((s) => s.health === 'starting');
    const why = bad
      ? `${bad.name} is ${bad.state === 'running' ? 'unhealthy' : `${bad.state} (exit code ${bad.exitCode})`}`
      : pending.length && (Date.now() > deadline || signal?.aborted)
        ? `${pending.map((s) => s.name).join(', ')} not healthy after ${Math.round(timeoutMs / 1000)} s (health: starting)`
        : undefined;
    if (why) {
      const probes: string[] = [];
      for (const [i, s] of states.entries()) {
        probes.push(...s.outputs.map((o) => `${s.name} healthcheck ${o}`));
        const tail = await logTail(docker, ids[i]);
        if (tail) probes.push(`${s.name} log tail:\n${tail}`);
      }
      return { ok: false, message: signal?.aborted ? 'cancelled' : why, probes };
    }
    if (pending.length === 0) return { ok: true };
    await sleep(1000, signal);
  }
}

const PY_GET = 'import sys,urllib.request\ntry:\n r=urllib.request.urlopen(sys.argv[1],timeout=5); print(r.status, r.read(300).decode(errors="replace"))\nexcept urllib.error.HTTPError as e:\n print(e.code, e.read(300).decode(errors="replace")); sys.exit(22)';

/** One HTTP GET from inside the container to its own port (loopback there): python3, wget or curl, whichever it has. */
async function getInside(docker: Docker, id: string, url: string): Promise<{ ok: boolean; output: string }> {
  const tries = [
    ['python3', '-c', PY_GET, url],
    ['wget', '-q', '-O', '-', url],
    ['curl', '-fsS', '--max-time', '5', url],
  ];
  let last = '';
  for (const cmd of tries) {
    const r = await execIn(docker, id, cmd, 15_000).catch((e: Error) => ({ code: 127, output: e.message }));
    if (r.code === 126 || r.code === 127 || /executable file not found|no such file/i.test(r.output) && r.code !== 0 && r.code !== 22) {
      last = r.output;
      continue;
    }
    return { ok: r.code === 0, output: `GET ${url} → ${r.output.trim().slice(0, 400) || `exit ${r.code}`}` };
  }
  return { ok: false, output: `GET ${url}: no python3, wget or curl in the container to probe with (${last.trim().slice(0, 200)})` };
}

/** Smoke checks a new container from inside: each path must answer 2xx, with retries. */
export async function smokeInside(docker: Docker, ids: string[], port: number, paths: string[], retries: number, intervalS: number, signal?: AbortSignal): Promise<Outcome & { passed?: string[] }> {
  const probes: string[] = [];
  const passed: string[] = [];
  for (const id of ids) {
    const name = nameOf(await docker.getContainer(id).inspect());
    for (const p of paths) {
      const url = `http://127.0.0.1:${port}${p.startsWith('/') ? p : `/${p}`}`;
      let last = '';
      let ok = false;
      for (let i = 0; i < retries && !ok; i++) {
        if (i > 0) await sleep(intervalS * 1000, signal);
        const r = await getInside(docker, id, url);
        last = r.output;
        ok = r.ok;
      }
      if (!ok) return { ok: false, message: `smoke check failed in ${name}: ${last}`, probes: [...probes, `${name}: ${last}`] };
      probes.push(`${name}: ${last}`);
      passed.push(`${name}: ${last}`);
    }
  }
  return { ok: true, passed };
}

/** The container's address on a network it shares with the proxy container. */
export async function addressFor(docker: Docker, appId: string, proxyId: string): Promise<string | undefined> {
  const [app, proxy] = await Promise.all([docker.getContainer(appId).inspect(), docker.getContainer(proxyId).inspect()]);
  const proxyNets = proxy.NetworkSettings.Networks ?? {};
  for (const [net, cfg] of Object.entries(app.NetworkSettings.Networks ?? {})) {
    if (proxyNets[net] && cfg.IPAddress) return cfg.IPAddress;
  }
  return undefined;
}

/** Stops (SIGTERM, then after `graceS` SIGKILL: the app finishes requests in flight) and removes containers. */
export async function stopAndRemove(docker: Docker, ids: string[], graceS: number): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const c = docker.getContainer(id);
      await c.stop({ t: Math.ceil(graceS) }).catch(() => undefined);
      await c.remove({ force: true }).catch(() => undefined);
    }),
  );
}
