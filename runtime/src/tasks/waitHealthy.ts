/**
 * wait-healthy: polls the Docker API until every container of the project that has a
 * healthcheck reports healthy. Fails at once when one is unhealthy or exited, else at the timeout,
 * with the last probe outputs the engine holds.
 */
import type Docker from 'dockerode';
import { Prepared, prepare, sleep, StepResult, stepOutcome, TaskOptions } from './context';
import { engineError, projectContainers, serviceOf } from './docker';
import { EXIT, Reporter } from './reporter';

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  /** Only these services (default: all of the project). */
  services?: string[];
}

interface Probe {
  name: string;
  service: string;
  state: string;
  health?: string;
  /** The outputs of the last probes the engine keeps (up to 3, oldest first). */
  outputs: string[];
  exitCode?: number;
}

async function probe(docker: Docker, info: Docker.ContainerInfo): Promise<Probe> {
  const name = (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, '');
  const service = serviceOf(info) ?? name;
  const c = await docker.getContainer(info.Id).inspect();
  const health = c.State.Health;
  const outputs = (health?.Log ?? []).slice(-3).map((l) => `exit ${l.ExitCode}: ${(l.Output ?? '').trim().slice(-300) || '(no output)'}`);
  return { name, service, state: c.State.Status, health: health?.Status, outputs, exitCode: c.State.ExitCode };
}

export async function waitForHealthy(prepared: Prepared, wait: WaitOptions, reporter: Reporter, signal?: AbortSignal): Promise<StepResult> {
  const deadline = Date.now() + wait.timeoutMs;
  const reported = new Set<string>();
  let announced = false;
  for (;;) {
    if (signal?.aborted) return { ok: false, cancelled: true, message: 'cancelled' };
    let probes: Probe[];
    try {
      const containers = (await projectContainers(prepared.docker, prepared.project.name, { oneoff: false })).filter(
        (c) => !wait.services || wait.services.includes(serviceOf(c) ?? ''),
      );
      probes = await Promise.all(containers.map((c) => probe(prepared.docker, c)));
    } catch (e) {
      return { ok: false, message: engineError(e, prepared.engine.label) };
    }
    if (probes.length === 0) {
      return { ok: false, message: `No containers of project "${prepared.project.name}"${wait.services ? ` for ${wait.services.join(', ')}` : ''}. Start the stack first (compose up -d).` };
    }
    const checked = probes.filter((p) => p.health);
    if (!announced) {
      announced = true;
      const without = probes.filter((p) => !p.health).map((p) => p.service);
      if (without.length) reporter.warning(`No healthcheck (not waited for): ${[...new Set(without)].join(', ')}`);
      if (checked.length === 0) return { ok: true };
      reporter.line(`Waiting for ${checked.map((p) => p.name).join(', ')} (up to ${Math.round(wait.timeoutMs / 1000)} s)`);
    }
    for (const p of checked) {
      if (p.health === 'healthy' && !reported.has(p.name)) {
        reported.add(p.name);
        reporter.success(`${p.name} is healthy`);
      }
    }
    // A container that exited will never become healthy: no point waiting for the timeout.
    const dead = checked.filter((p) => p.state === 'exited' || p.state === 'dead');
    if (dead.length) return { ok: false, message: describeFailures(dead, (p) => `${p.name} ${p.state} (exit code ${p.exitCode})`) };
    // The engine says `unhealthy` only after the start period and `retries` failed probes in a row:
    // waiting out the timeout would only delay the same answer.
    const unhealthy = checked.filter((p) => p.health === 'unhealthy');
    if (unhealthy.length) return { ok: false, message: describeFailures(unhealthy, (p) => `${p.name} is unhealthy`) };
    const pending = checked.filter((p) => p.health !== 'healthy');
    if (pending.length === 0) return { ok: true };
    if (Date.now() >= deadline) {
      return { ok: false, message: `Timed out after ${Math.round(wait.timeoutMs / 1000)} s. ` + describeFailures(pending, (p) => `${p.name} is ${p.health}`) };
    }
    await sleep(Math.min(wait.pollMs ?? 1000, Math.max(0, deadline - Date.now())), signal);
  }
}

function describeFailures(list: Probe[], head: (p: Probe) => string): string {
  return list
    .map((p) => `${head(p)}; ${p.outputs.length ? `last probes:\n  ${p.outputs.join('\n  ')}` : 'no probe has run yet'}`)
    .join('\n');
}

export async function runWaitHealthy(options: TaskOptions, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  const prepared = prepare(options, reporter);
  if (!prepared) return EXIT.usage;
  reporter.step(`wait-healthy: project ${prepared.project.name}`);
  const services = options.service ? [options.service] : undefined;
  return stepOutcome(await waitForHealthy(prepared, { timeoutMs: (options.timeout ?? 120) * 1000, services }, reporter, signal), reporter, {
    ok: 'All services with a healthcheck are healthy.',
    cancelled: 'wait-healthy cancelled.',
    failed: (message) => message,
    advice: 'Look at the service logs (compose logs SERVICE) and the healthcheck command.',
  });
}
