/**
 * `ai-stack deploy --target swarm`: `docker stack deploy -c <file>… <stack>` on the engine the one
 * connection resolves (runtime/src/docker/connection.ts: --docker-host, DOCKER_HOST, context), then
 * follow every service of the stack until it converges, printing a line per service whenever its
 * progress changes; exit 1 when an update rolls back (with the task errors that caused it), pauses,
 * or does not converge in time.
 *
 * Canary (`--canary N`): before the stack is deployed, each service whose image changes gets a
 * temporary canary service `<stack>_<service>-canary`: the running service's own spec (networks and
 * their aliases, so it serves under the service's DNS name beside the old replicas; ports;
 * healthcheck) with the new image and N replicas. It must reach N running tasks (Swarm reports
 * running only after the healthcheck passes) and keep them through the service's update monitor
 * period with no task failing. Then the canary is removed and the stack is deployed, which rolls
 * the verified image through the rest with the file's update_config; a failed canary is removed and
 * the stack is left untouched (exit 1).
 */
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { cliEnvironment, createDocker, EngineConfigError, resolveEngine, type ResolvedEngine } from '../docker/connection';
import { loadTaskProject, shellEnvironment } from '../tasks/project';
import { EXIT, type Reporter } from '../tasks/reporter';
import { nodeChanges, progressLine, rollbackCauses, serviceOutcome } from './converge';
import { CANARY_LABEL, findService, readSwarm, stackServices, type SwarmService, type SwarmSnapshot, type SwarmTask } from './snapshot';
import { sleep } from '../tasks/context';

export interface SwarmDeployOptions {
  files: string[];
  /** Stack name; default: the compose project name (directory name). */
  stack?: string;
  canary?: number;
  /** Limit the canary to these compose services (default: every service whose image changes). */
  canaryServices?: string[];
  /** Seconds to wait for the stack to converge (default 300). */
  timeout?: number;
  dockerHost?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Injected client (tests); default: created from the resolved engine. */
  docker?: Docker;
  /** Milliseconds between reads of the services while following (default 1000). */
  pollMs?: number;
}

export interface SwarmDeployResult {
  code: number;
  /** Per compose service: how it ended. */
  outcomes: Record<string, string>;
  causes: string[];
  convergeMs?: number;
}

export async function deployToSwarm(options: SwarmDeployOptions, reporter: Reporter, signal?: AbortSignal): Promise<SwarmDeployResult> {
  const fail = (message: string, code: number = EXIT.failed): SwarmDeployResult => {
    reporter.failure(message);
    return { code, outcomes: {}, causes: [message] };
  };
  const project = loadTaskProject({ files: options.files, env: options.env, cwd: options.cwd });
  if (!project.ok) return fail(project.message);
  const stack = options.stack ?? project.value.name;
  let engine: ResolvedEngine;
  let docker: Docker;
  try {
    engine = resolveEngine({ setting: options.dockerHost, env: shellEnvironment(options.env) as NodeJS.ProcessEnv, settingName: '--docker-host' });
    docker = options.docker ?? createDocker(engine);
  } catch (e) {
    return fail(e instanceof EngineConfigError ? e.message : (e as Error).message);
  }
  let before: SwarmSnapshot;
  try {
    before = await readSwarm(docker);
  } catch (e) {
    return fail(`Cannot reach the Docker engine at ${engine.label}: ${(e as Error).message}`);
  }
  if (!before.isManager) {
    return fail(`The engine at ${engine.label} is not a swarm manager (swarm: ${before.localNodeState}). Point --docker-host/DOCKER_HOST at a manager, or run \`docker swarm init\`.`);
  }
  reporter.step(`deploy stack "${stack}" to the swarm at ${engine.label} (${before.nodes.filter((n) => n.state === 'ready').length}/${before.nodes.length} nodes ready)`);

  const changed = changedImages(project.value.services, stack, before);
  if (options.canary) {
    const targets = changed.filter((c) => !options.canaryServices || options.canaryServices.includes(c.service));
    if (targets.length === 0) reporter.line(`canary: no service changes its image (${changed.length === 0 ? 'nothing to verify' : 'none selected'}); deploying directly.`);
    for (const target of targets) {
      const verdict = await runCanary(docker, stack, target, options.canary, options, reporter, signal);
      if (!verdict.ok) {
        return { code: verdict.cancelled ? EXIT.cancelled : EXIT.failed, outcomes: { [target.service]: 'canary failed' }, causes: verdict.causes };
      }
    }
  }

  const engineNow = await engineTime(docker);
  const argv = ['stack', 'deploy', ...project.value.files.flatMap((f) => ['-c', f]), stack];
  reporter.line(`$ docker ${argv.join(' ')}`);
  const run = await runDocker(argv, cliEnvironment(engine, shellEnvironment(options.env) as NodeJS.ProcessEnv), reporter, signal);
  if (run.cancelled) return fail('cancelled', EXIT.cancelled);
  if (run.code !== 0) return fail(run.error ?? `docker stack deploy exited with code ${run.code}`);
  return follow(docker, stack, project.value.services.map((s) => s.name), engineNow, options, reporter, signal);
}

interface ImageChange {
  service: string;
  fullName: string;
  from: string;
  to: string;
}

function changedImages(services: Array<{ name: string; image?: string }>, stack: string, snapshot: SwarmSnapshot): ImageChange[] {
  const out: ImageChange[] = [];
  for (const s of services) {
    const running = findService(snapshot, `${stack}_${s.name}`);
    if (running && s.image && running.image !== s.image) out.push({ service: s.name, fullName: running.name, from: running.image, to: s.image });
  }
  return out;
}

/** The engine's clock: UpdateStatus times are the engine's, and the follow compares against them. */
async function engineTime(docker: Docker): Promise<number> {
  const info = (await docker.info()) as { SystemTime?: string };
  const t = info.SystemTime ? Date.parse(info.SystemTime) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

async function follow(
  docker: Docker,
  stack: string,
  composeServices: string[],
  since: number,
  options: SwarmDeployOptions,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<SwarmDeployResult> {
  const started = Date.now();
  const deadline = started + (options.timeout ?? 300) * 1000;
  const lastLine = new Map<string, string>();
  const reportedFailures = new Set<string>();
  let previous: SwarmSnapshot | undefined;
  reporter.step(`follow ${composeServices.length} service(s) until they converge`);
  for (;;) {
    if (signal?.aborted) return { code: EXIT.cancelled, outcomes: {}, causes: ['cancelled'] };
    const snapshot = await readSwarm(docker);
    for (const message of nodeChanges(previous, snapshot)) reporter.warning(message);
    previous = snapshot;
    const services = stackServices(snapshot, stack).filter((s) => !s.canaryOf);
    const outcomes: Record<string, string> = {};
    const causes: string[] = [];
    let pending = composeServices.filter((name) => !services.some((s) => s.composeName === name));
    for (const s of services) {
      const line = progressLine(s);
      if (lastLine.get(s.name) !== line) reporter.line(`  ${line}`);
      lastLine.set(s.name, line);
      // A task that failed during this deploy is said at once, with the engine's reason.
      for (const t of s.tasks) {
        if (!t.error || reportedFailures.has(t.id) || Date.parse(t.timestamp) < since - 1000) continue;
        reportedFailures.add(t.id);
        reporter.warning(`${s.composeName}: task ${t.id.slice(0, 12)} on ${t.node} ${t.state}: ${t.error}`);
      }
      const outcome = serviceOutcome(s, since);
      outcomes[s.composeName] = outcome.kind;
      if (outcome.kind === 'converging') pending.push(s.composeName);
      if (outcome.kind === 'rolled-back' || outcome.kind === 'paused') {
        const named = await namedTask(docker, s);
        causes.push(`${s.composeName}: ${outcome.reason}`, ...rollbackCauses(s, since, named).map((c) => `  ${c}`));
      }
    }
    pending = [...new Set(pending)];
    if (pending.length === 0) {
      const convergeMs = Date.now() - started;
      if (causes.length) {
        const rolled = Object.entries(outcomes).filter(([, k]) => k !== 'converged').map(([n, k]) => `${n} ${k}`);
        reporter.failure(`The update did not go through: ${rolled.join(', ')}. Cause:\n${causes.join('\n')}`);
        return { code: EXIT.failed, outcomes, causes, convergeMs };
      }
      reporter.success(`stack "${stack}" converged in ${(convergeMs / 1000).toFixed(1)} s: ${services.map((s) => `${s.composeName} ${s.running}/${s.desiredReplicas ?? s.running}`).join(', ')}`);
      return { code: EXIT.ok, outcomes, causes, convergeMs };
    }
    if (Date.now() > deadline) {
      reporter.failure(`stack "${stack}" did not converge within ${options.timeout ?? 300} s; still converging: ${pending.join(', ')}`);
      return { code: EXIT.failed, outcomes, causes: [`timeout: ${pending.join(', ')}`] };
    }
    await sleep(options.pollMs ?? 1000, signal);
  }
}

/** The task a rollback message names may already be out of the service's short history. */
async function namedTask(docker: Docker, s: SwarmService): Promise<SwarmTask[]> {
  const id = /task ([a-z0-9]{25})/.exec(s.update.message ?? '')?.[1];
  if (!id || s.tasks.some((t) => t.id === id)) return [];
  try {
    const t = (await docker.getTask(id).inspect()) as { ID: string; Status?: { State?: string; Err?: string; Message?: string; Timestamp?: string }; NodeID?: string; DesiredState?: string; ServiceID: string; Spec?: { ContainerSpec?: { Image?: string } } };
    return [{
      id: t.ID, serviceId: t.ServiceID, node: t.NodeID?.slice(0, 12) ?? '(unassigned)', desiredState: t.DesiredState ?? '', state: t.Status?.State ?? '',
      message: t.Status?.Message ?? '', error: t.Status?.Err, health: 'unknown', image: t.Spec?.ContainerSpec?.Image?.split('@')[0], ports: [], timestamp: t.Status?.Timestamp ?? '',
    }];
  } catch {
    return [];
  }
}

async function runCanary(
  docker: Docker,
  _stack: string,
  change: ImageChange,
  replicas: number,
  options: SwarmDeployOptions,
  reporter: Reporter,
  signal?: AbortSignal,
): Promise<{ ok: true } | { ok: false; cancelled?: boolean; causes: string[] }> {
  const name = `${change.fullName}-canary`;
  reporter.step(`canary: ${replicas} replica(s) of ${change.service} with ${change.to} beside the current ${change.from}`);
  const current = (await docker.getService(change.fullName).inspect()) as { Spec: Record<string, any> };
  const spec = structuredClone(current.Spec);
  spec.Name = name;
  spec.Labels = { ...(spec.Labels ?? {}), [CANARY_LABEL]: change.fullName };
  spec.Mode = { Replicated: { Replicas: replicas } };
  spec.TaskTemplate.ContainerSpec.Image = change.to;
  delete spec.TaskTemplate.ForceUpdate;
  // Swarm's own monitor period for this service (ns), at least 5 s: how long the canary must stay up.
  const monitorMs = Math.max(5000, Math.round((spec.UpdateConfig?.Monitor ?? 0) / 1e6));
  const existing = await docker.listServices({ filters: { name: [name] } });
  for (const s of existing) if (s.Spec?.Name === name) await docker.getService(s.ID).remove();
  const created = (await docker.createService(spec as Docker.CreateServiceOptions)) as { id?: string; ID?: string };
  const id = created.id ?? created.ID ?? name;
  const remove = async () => {
    try {
      await docker.getService(id).remove();
      reporter.line(`canary ${name} removed`);
    } catch (e) {
      reporter.warning(`could not remove the canary ${name}: ${(e as Error).message}; remove it with docker service rm ${name}`);
    }
  };
  const deadline = Date.now() + (options.timeout ?? 300) * 1000;
  let healthySince: number | undefined;
  let lastLine = '';
  try {
    for (;;) {
      if (signal?.aborted) {
        await remove();
        return { ok: false, cancelled: true, causes: ['cancelled'] };
      }
      const canary = findService(await readSwarm(docker), name);
      if (canary) {
        const line = progressLine(canary).replace(canary.composeName, name);
        if (line !== lastLine) reporter.line(`  ${line}`);
        lastLine = line;
        const failed = canary.tasks.filter((t) => t.state === 'failed' || t.state === 'rejected');
        if (failed.length > 0) {
          const causes = failed.map((t) => `task ${t.id.slice(0, 12)} on ${t.node}: ${t.error ?? t.message}`);
          reporter.failure(`canary of ${change.service} failed; the stack was NOT deployed. Cause:\n${causes.join('\n')}`);
          await remove();
          return { ok: false, causes };
        }
        const up = canary.tasks.filter((t) => t.desiredState === 'running' && t.state === 'running').length;
        if (up >= replicas) healthySince ??= Date.now();
        else healthySince = undefined;
        if (healthySince !== undefined && Date.now() - healthySince >= monitorMs) {
          reporter.success(`canary of ${change.service}: ${up} replica(s) of ${change.to} healthy for ${(monitorMs / 1000).toFixed(0)} s; shifting the rest`);
          await remove();
          return { ok: true };
        }
      }
      if (Date.now() > deadline) {
        reporter.failure(`canary of ${change.service} did not become healthy within ${options.timeout ?? 300} s; the stack was NOT deployed.`);
        await remove();
        return { ok: false, causes: ['canary timeout'] };
      }
      await sleep(options.pollMs ?? 1000, signal);
    }
  } catch (e) {
    await remove();
    throw e;
  }
}

function runDocker(argv: string[], env: NodeJS.ProcessEnv, reporter: Reporter, signal?: AbortSignal): Promise<{ code: number | null; error?: string; cancelled?: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('docker', argv, { env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    child.stdout.on('data', (c: Buffer) => reporter.output(c.toString()));
    child.stderr.on('data', (c: Buffer) => reporter.output(c.toString()));
    child.on('error', (e) => resolve(signal?.aborted ? { code: null, cancelled: true } : { code: null, error: `cannot run docker: ${e.message}` }));
    child.on('close', (code) => resolve(signal?.aborted ? { code, cancelled: true } : { code }));
  });
}
