/**
 * Runs the Compose CLI: `docker compose` (v2 plugin) or `docker-compose` (v1), whichever exists
 * (or the one a setting forces). Always argument arrays and spawn without a shell: compose values
 * (service names, commands) never pass through a shell.
 */
import { spawn, execFile } from 'node:child_process';

export type ComposeCommandSetting = 'auto' | 'docker compose' | 'docker-compose';

export interface ComposeCli {
  /** Executable to spawn. */
  program: string;
  /** Arguments that come before the compose arguments (`['compose']` for v2). */
  prefix: string[];
  version: 1 | 2;
  /** How the user would type it, for messages. */
  label: string;
}

/** Which compose project a command addresses. */
export interface ComposeProjectRef {
  files?: string[];
  projectName?: string;
  projectDirectory?: string;
}

export class ComposeNotFoundError extends Error {}

const V2: ComposeCli = { program: 'docker', prefix: ['compose'], version: 2, label: 'docker compose' };
const V1: ComposeCli = { program: 'docker-compose', prefix: [], version: 1, label: 'docker-compose' };

const detected = new Map<string, Promise<ComposeCli>>();

/**
 * Resolves the compose CLI (cached per setting and PATH: every task would otherwise start one or
 * two version probes); throws ComposeNotFoundError with a message saying what to install or set.
 */
export function detectComposeCli(setting: ComposeCommandSetting = 'auto', env: NodeJS.ProcessEnv = process.env): Promise<ComposeCli> {
  const key = `${setting}\0${env.PATH ?? ''}`;
  let found = detected.get(key);
  if (!found) {
    found = probeComposeCli(setting, env);
    detected.set(key, found);
    found.catch(() => detected.delete(key));
  }
  return found;
}

async function probeComposeCli(setting: ComposeCommandSetting, env: NodeJS.ProcessEnv): Promise<ComposeCli> {
  const candidates = setting === 'docker compose' ? [V2] : setting === 'docker-compose' ? [V1] : [V2, V1];
  const problems: string[] = [];
  for (const cli of candidates) {
    const problem = await versionProblem(cli, env);
    if (!problem) return cli;
    problems.push(problem);
  }
  if (setting === 'auto') {
    throw new ComposeNotFoundError(`Neither "docker compose" (v2) nor "docker-compose" (v1) was found on PATH (${problems.join('; ')}). Install Docker Compose.`);
  }
  throw new ComposeNotFoundError(`"${setting}" was not found or does not run (${problems.join('; ')}); aiStack.compose.command / --compose-command is set to it. Install it or set "auto".`);
}

/** Undefined when `<cli> version` succeeds, else why not (missing, failing, or too slow). */
function versionProblem(cli: ComposeCli, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    // Generous timeout: v1 is a Python program and a busy machine can take seconds to start it.
    execFile(cli.program, [...cli.prefix, 'version'], { env, timeout: 60_000 }, (err) => {
      if (!err) return resolve(undefined);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') return resolve(`${cli.label}: not installed`);
      if (e.killed) return resolve(`${cli.label}: did not answer within 60 s`);
      return resolve(`${cli.label}: "${cli.label} version" failed`);
    });
  });
}

/** Global arguments selecting the project: -f per file, -p, --project-directory. */
export function projectArgs(project: ComposeProjectRef): string[] {
  const args: string[] = [];
  for (const file of project.files ?? []) args.push('-f', file);
  if (project.projectName) args.push('-p', project.projectName);
  if (project.projectDirectory) args.push('--project-directory', project.projectDirectory);
  return args;
}

/** Full argv (after the program) for a compose sub-command. */
export function composeArgv(cli: ComposeCli, project: ComposeProjectRef, subcommand: string[]): string[] {
  return [...cli.prefix, ...projectArgs(project), ...subcommand];
}

/** How the command looks to a human (for step headers; quoting only for display, never executed). */
export function displayCommand(program: string, argv: string[]): string {
  return [program, ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Output chunks as they arrive (stdout and stderr interleaved as the child writes them). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Grace period between SIGTERM and SIGKILL on cancellation. */
  killGraceMs?: number;
}

export interface RunResult {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  cancelled: boolean;
  /** Last part of the combined output (for error messages). */
  tail: string;
  /** Set when the program could not be started at all. */
  spawnError?: string;
}

const TAIL_CHARS = 8000;

/**
 * Spawns without a shell in its own process group, streams output, and on abort kills the whole
 * group (SIGTERM, then SIGKILL after a grace period) so that compose's own children die too.
 */
export function runProcess(program: string, argv: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    let tail = '';
    let cancelled = false;
    let settled = false;
    const detached = process.platform !== 'win32';
    const child = spawn(program, argv, { cwd: options.cwd, env: options.env ?? process.env, shell: false, detached, stdio: ['ignore', 'pipe', 'pipe'] });
    const record = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
      const text = data.toString('utf8');
      tail = (tail + text).slice(-TAIL_CHARS);
      options.onOutput?.(text, stream);
    };
    child.stdout?.on('data', record('stdout'));
    child.stderr?.on('data', record('stderr'));

    let killTimer: NodeJS.Timeout | undefined;
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (detached && child.pid) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        /* already gone */
      }
    };
    const onAbort = () => {
      if (settled) return;
      cancelled = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), options.killGraceMs ?? 3000);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.on('error', (err) => finish({ code: null, cancelled, tail, spawnError: `${program} could not be started: ${err.message}` }));
    child.on('close', (code) => {
      // Anything the child left in its group (e.g. a docker CLI it spawned) goes too.
      if (cancelled) kill('SIGKILL');
      finish({ code, cancelled, tail });
    });
  });
}

/** Runs a compose sub-command for a project. */
export function runCompose(cli: ComposeCli, project: ComposeProjectRef, subcommand: string[], options: RunOptions = {}): Promise<RunResult> {
  return runProcess(cli.program, composeArgv(cli, project, subcommand), { cwd: project.projectDirectory, ...options });
}
