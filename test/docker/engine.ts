// Shared helpers for tests against the real Docker engine (`bash scripts/docker-env.sh` starts one).
import type { TestContext } from 'node:test';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { createDocker, resolveEngine, type ResolvedEngine } from '../../runtime/src/docker/connection';

export const TEST_IMAGE = 'ai-stack-test/busybox:1.36.1';
export const MS = 1_000_000; // nanoseconds per millisecond, for healthcheck durations

/** The engine this machine uses, or a skip (a failure when CI is set) when none answers. */
/** In a hook (no t.skip), it only logs; the tests then skip themselves when it returned undefined. */
export async function requireEngine(t?: Pick<TestContext, 'skip'>): Promise<{ engine: ResolvedEngine; docker: Docker } | undefined> {
  const engine = resolveEngine({ env: process.env });
  const docker = createDocker(engine);
  try {
    await docker.ping();
    await docker.getImage(TEST_IMAGE).inspect();
    return { engine, docker };
  } catch (e) {
    const why = `no Docker engine with ${TEST_IMAGE} at ${engine.host} (${(e as Error).message}); run: bash scripts/docker-env.sh`;
    if (process.env.CI) throw new Error(why);
    t?.skip(why);
    console.log(`# SKIPPED: ${why}`);
    return undefined;
  }
}

export function uniqueName(what: string): string {
  return `aistack-test-${what}-${randomBytes(3).toString('hex')}`;
}

export interface RunSpec {
  name: string;
  cmd: string[];
  healthcheck?: Docker.HealthConfig;
  labels?: Record<string, string>;
  memory?: number;
  start?: boolean;
}

export async function runContainer(docker: Docker, spec: RunSpec): Promise<Docker.Container> {
  const c = await docker.createContainer({
    name: spec.name,
    Image: TEST_IMAGE,
    Cmd: spec.cmd,
    Labels: { 'aistack.test': '1', ...spec.labels },
    Healthcheck: spec.healthcheck,
    StopSignal: 'SIGKILL',
    HostConfig: { NetworkMode: 'none', Memory: spec.memory ?? 32 * 1024 * 1024 },
  });
  if (spec.start !== false) await c.start();
  return c;
}

export async function removeQuietly(docker: Docker, ids: Iterable<string>): Promise<void> {
  await Promise.all([...ids].map((id) => docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined)));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function healthOf(c: Docker.Container): Promise<string> {
  const info = await c.inspect();
  return info.State.Health?.Status ?? 'none';
}

export async function execIn(c: Docker.Container, cmd: string[]): Promise<void> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  // Read the attached stream to its end: a detached start leaves dockerode's hijacked socket open.
  const stream = await exec.start({ hijack: true, stdin: false });
  stream.resume();
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
}
