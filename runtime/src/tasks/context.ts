/** Options every action takes, and the shared preparation: load the project, find compose, connect to Docker. */
import type Docker from 'dockerode';
import path from 'node:path';
import { ComposeCli, ComposeCommandSetting, ComposeNotFoundError, composeArgv, ComposeProjectRef, detectComposeCli, displayCommand, runCompose } from '../compose/cli';
import type { TaskDefinition } from './definition';
import { cliEnvironment, createDocker, EngineConfigError, ResolvedEngine, resolveEngine } from '../docker/connection';
import { loadTaskProject, ProjectOptions, projectRef, shellEnvironment, TaskProject } from './project';
import { EXIT, type Reporter } from './reporter';

export interface TaskOptions extends ProjectOptions {
  service?: string;
  command?: string[];
  urls?: string[];
  expectStatus?: number;
  retries?: number;
  /** Seconds between smoke attempts. */
  interval?: number;
  /** Seconds: one smoke request; for wait-healthy, the whole wait. */
  timeout?: number;
  /** Seconds deploy waits for healthy containers (default 120). */
  healthTimeout?: number;
  /** deploy without downtime: rolling or blue-green (runtime/src/tasks/rollout); unset = up -d. */
  strategy?: 'rolling' | 'blue-green';
  /** The service behind the proxy to update, when the proxy serves several. */
  rolloutService?: string;
  /** blue-green: seconds the old colour keeps running for --switch-back (default 0). */
  keepOld?: number;
  /** blue-green: switch the proxy back to the previous colour. */
  switchBack?: boolean;
  /** deploy: `swarm` runs `docker stack deploy` and follows the services (runtime/src/swarm/deploy.ts). */
  target?: 'compose' | 'swarm';
  stack?: string;
  canary?: number;
  composeCommand?: ComposeCommandSetting;
  /** aiStack.docker.host / --docker-host; empty: DOCKER_HOST, the current context, the default socket (as the Containers view). */
  dockerHost?: string;
  /** Directory SMOKE FAIL paths are relative to (the workspace folder); default cwd. */
  displayRoot?: string;
  /** Injected engine client (tests, the extension's shared connection). */
  docker?: Docker;
}

export interface Prepared {
  project: TaskProject;
  options: TaskOptions;
  /** The engine, resolved as the Containers view resolves it. */
  engine: ResolvedEngine;
  docker: Docker;
  /** Resolved lazily: smoke and wait-healthy never need the compose CLI. */
  compose(): Promise<ComposeCli>;
  env: NodeJS.ProcessEnv;
}

/** Outcome of one step of an action (deploy chains them). */
export type StepResult = { ok: true; skipped?: boolean } | { ok: false; cancelled?: boolean; message: string };

/** How an action of one step ended, said in its words, as an exit code. */
export function stepOutcome(result: StepResult, reporter: Reporter, said: { ok: string; cancelled: string; failed: (message: string) => string; advice?: string }): number {
  if (result.ok) {
    reporter.success(said.ok);
    return EXIT.ok;
  }
  if (result.cancelled) {
    reporter.warning(said.cancelled);
    return EXIT.cancelled;
  }
  reporter.failure(said.failed(result.message));
  if (said.advice) reporter.line(said.advice);
  return EXIT.failed;
}

export function optionsFromDefinition(def: TaskDefinition, base: Partial<TaskOptions> = {}): TaskOptions {
  return {
    ...base,
    files: def.files ?? base.files,
    projectName: def.projectName ?? base.projectName,
    projectDirectory: def.projectDirectory ?? base.projectDirectory,
    service: def.service,
    command: def.command,
    urls: def.urls,
    expectStatus: def.expectStatus,
    retries: def.retries,
    interval: def.interval,
    timeout: def.timeout,
    healthTimeout: def.healthTimeout,
    strategy: def.strategy,
    rolloutService: def.updateService,
    keepOld: def.keepOld,
    switchBack: def.switchBack,
    target: def.target,
    stack: def.stack,
    canary: def.canary,
  };
}

/** Loads the project and resolves the engine; reports and returns undefined when they cannot be used. */
export function prepare(options: TaskOptions, reporter: Reporter): Prepared | undefined {
  const loaded = loadTaskProject(options);
  if (!loaded.ok) {
    reporter.failure(loaded.message);
    return undefined;
  }
  const project = loaded.value;
  const env = shellEnvironment(options.env) as NodeJS.ProcessEnv;
  let engine: ResolvedEngine;
  let docker: Docker;
  try {
    engine = resolveEngine({ setting: options.dockerHost, env, settingName: 'Docker host (aiStack.docker.host / --docker-host)' });
    docker = options.docker ?? createDocker(engine);
  } catch (e) {
    reporter.failure(e instanceof EngineConfigError ? e.message : `Cannot configure the Docker connection: ${(e as Error).message}`);
    return undefined;
  }
  let cli: Promise<ComposeCli> | undefined;
  return {
    project,
    options,
    engine,
    docker,
    compose: () => (cli ??= detectComposeCli(options.composeCommand ?? 'auto', env)),
    env: cliEnvironment(engine, env),
  };
}

/** Resolves the compose CLI or reports why not. */
export async function composeOrReport(prepared: Prepared, reporter: Reporter): Promise<ComposeCli | undefined> {
  try {
    return await prepared.compose();
  } catch (e) {
    reporter.failure(e instanceof ComposeNotFoundError ? e.message : `Compose CLI check failed: ${(e as Error).message}`);
    return undefined;
  }
}

/** One compose command as a step: the command line shown, its output streamed, its exit code judged. */
export async function composeStep(prepared: Prepared, args: string[], reporter: Reporter, signal?: AbortSignal, ref: ComposeProjectRef = projectRef(prepared.project)): Promise<StepResult> {
  const cli = await composeOrReport(prepared, reporter);
  if (!cli) return { ok: false, message: 'no compose CLI' };
  reporter.line(`$ ${displayCommand(cli.program, composeArgv(cli, ref, args))}`);
  const r = await runCompose(cli, ref, args, { env: prepared.env, signal, onOutput: (c) => reporter.output(c) });
  if (r.cancelled) return { ok: false, cancelled: true, message: 'cancelled' };
  return r.code === 0 ? { ok: true } : { ok: false, message: r.spawnError ?? `${args[0]} exited with code ${r.code}` };
}

/** How a file is named in SMOKE FAIL lines: relative to the workspace when inside it. */
export function displayPath(file: string, root: string | undefined): string {
  const rel = path.relative(root ?? process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
