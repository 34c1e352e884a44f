// Helpers for task-runner tests against the real engine and the fixture stack test/fixtures/tasks-stack.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import net from 'node:net';
import path from 'node:path';
import Docker from 'dockerode';
import { COMPOSE_LABEL } from '../../runtime/src/docker/labels';
import type { TaskOptions } from '../../runtime/src/tasks/context';
import { createMemoryReporter, type Reporter } from '../../runtime/src/tasks/reporter';

export const TEST_IMAGE = 'ai-stack-test/busybox:1.36.1';
export const STACK_DIR = path.resolve(__dirname, '../fixtures/tasks-stack');
export const STACK_FILE = path.join(STACK_DIR, 'compose.yaml');
const COMPOSE = process.env.AISTACK_TEST_COMPOSE === 'docker compose' ? ['docker', 'compose'] : ['docker-compose'];

/** The engine, or a visible skip (a failure when CI is set) when none answers. */
export async function requireEngine(t?: { skip(message?: string): void }): Promise<Docker | undefined> {
  const docker = new Docker();
  try {
    await docker.ping();
    await docker.getImage(TEST_IMAGE).inspect();
    return docker;
  } catch (e) {
    const why = `no Docker engine with ${TEST_IMAGE} (${(e as Error).message}); run: bash scripts/docker-env.sh`;
    if (process.env.CI) throw new Error(why);
    t?.skip(why);
    console.log(`# SKIPPED: ${why}`);
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** One fixture project with a unique name and its own host port; `down()` removes everything (-v). */
export class Stack {
  readonly name: string;
  constructor(what: string, readonly port: number, readonly docker: Docker) {
    this.name = `aistack-test-${what}-${randomBytes(3).toString('hex')}`;
  }

  static async create(what: string, docker: Docker): Promise<Stack> {
    return new Stack(what, await freePort(), docker);
  }

  /** A stack for one test, brought down after it; undefined when no engine answers (the test is then skipped). */
  static async forTest(t: Pick<TestContext, 'skip' | 'after'>, what: string): Promise<Stack | undefined> {
    const docker = await requireEngine(t);
    if (!docker) return undefined;
    const stack = await Stack.create(what, docker);
    t.after(() => stack.down());
    return stack;
  }

  /** Options for an action: files, project, port; short health/smoke timings for tests. */
  options(extra: Partial<TaskOptions> = {}, env: Record<string, string> = {}): TaskOptions {
    return {
      files: [STACK_FILE],
      projectName: this.name,
      displayRoot: STACK_DIR,
      retries: 2,
      interval: 0.5,
      timeout: 3,
      healthTimeout: 60,
      docker: this.docker,
      ...extra,
      env: { API_PORT: String(this.port), ...env, ...(extra.env ?? {}) },
    };
  }

  /** The compose CLI directly (test setup, not the code under test). */
  compose(args: string[], env: Record<string, string> = {}): Promise<string> {
    const [program, ...prefix] = COMPOSE;
    return new Promise((resolve, reject) => {
      execFile(program, [...prefix, '-f', STACK_FILE, '-p', this.name, ...args], { env: { ...process.env, API_PORT: String(this.port), ...env } }, (err, stdout, stderr) =>
        err ? reject(new Error(`${args.join(' ')} failed: ${stderr}`)) : resolve(stdout + stderr),
      );
    });
  }

  async down(): Promise<void> {
    await this.compose(['--profile', 'tools', '--profile', 'extra', 'down', '-v', '--remove-orphans', '-t', '1']).catch(() => undefined);
    // Anything compose did not know about (e.g. a one-off from a killed client).
    for (const c of await this.containers()) await this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
  }

  containers(filter: { service?: string; oneoff?: boolean } = {}): Promise<Docker.ContainerInfo[]> {
    const label = [`${COMPOSE_LABEL.project}=${this.name}`];
    if (filter.service) label.push(`${COMPOSE_LABEL.service}=${filter.service}`);
    if (filter.oneoff !== undefined) label.push(`${COMPOSE_LABEL.oneoff}=${filter.oneoff ? 'True' : 'False'}`);
    return this.docker.listContainers({ all: true, filters: { label } });
  }

  /** Content of /data/marker in the project's volume, or undefined. */
  marker(): string | undefined {
    try {
      return execFileSync('docker', ['run', '--rm', '--network', 'none', '-v', `${this.name}_appdata:/data:ro`, TEST_IMAGE, 'cat', '/data/marker'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return undefined;
    }
  }

  /** Compose processes still running for this project (a cancelled task must leave none). */
  composeProcesses(): string[] {
    const ps = execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n');
    return ps.filter((l) => l.includes(this.name) && /compose/.test(l) && !l.includes(' ps '));
  }
}

export function reporter() {
  return createMemoryReporter();
}

/**
 * For a cancellation test: `task` on a stack of its own whose migration sleeps, returned once the
 * migration runs. After the test, even a failed one, the task is cancelled and awaited before the
 * stack is removed, or it would outlive the test. Undefined when no engine answers (skipped).
 */
export async function runningMigration(t: Pick<TestContext, 'skip' | 'after'>, what: string, task: (options: TaskOptions, reporter: Reporter, signal: AbortSignal) => Promise<number>) {
  const docker = await requireEngine(t);
  if (!docker) return undefined;
  const stack = await Stack.create(what, docker);
  const r = reporter();
  const abort = new AbortController();
  const running = task(stack.options({}, { MIGRATION_SLEEP: '60' }), r, abort.signal);
  t.after(async () => {
    abort.abort();
    await running;
    await stack.down();
  });
  await until('the migration to start', () => r.text().includes('applying migration'));
  return { stack, r, abort, running };
}

/** Resolves when `predicate(text)` becomes true (polled), for cancelling at a known point. */
export async function until(what: string, predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
