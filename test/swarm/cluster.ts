/**
 * The local three-node swarm for tests and benchmarks: a thin layer over scripts/swarm-cluster.sh
 * (network namespaces, a bridge, one dockerd per node; see that script), plus what tests need:
 * a client for each node's engine, stopping/starting a node, and running a command inside the
 * manager's network namespace (the only place the nodes' 10.213.0.x addresses are reachable).
 *
 * `up()` is idempotent and waits on real state (3 nodes Ready in `docker node ls`); `down()` stops
 * the daemons and removes namespaces, links and data roots, also after a failed `up()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { createDocker, resolveEngine } from '../../runtime/src/docker/connection';

const SCRIPT = path.resolve(__dirname, '../../scripts/swarm-cluster.sh');
export const ROOT = process.env.AI_STACK_SWARM_ROOT ?? '/run/ai-stack-swarm';
export const MANAGER_NETNS = 'aiswarm-n1';
export const NODE_COUNT = 3;

export function nodeSocket(n: number): string {
  return `unix://${ROOT}/n${n}/docker.sock`;
}
export function nodeAddress(n: number): string {
  return `10.213.0.1${n}`;
}
export function nodeHostname(n: number): string {
  return `aiswarm-n${n}`;
}
export function nodeDocker(n: number): Docker {
  return createDocker(resolveEngine({ setting: nodeSocket(n) }));
}

/**
 * Why this machine cannot run the cluster (not root, no `ip`, no dockerd, no netns support), or
 * undefined when it can. Only these reasons may skip the swarm tests.
 */
export function clusterUnsupported(): string | undefined {
  if (process.getuid?.() !== 0) return 'the local swarm needs root (ip netns, dockerd)';
  for (const tool of ['ip', 'dockerd', 'docker', 'nsenter', 'unshare']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not on PATH (bash scripts/setup.sh installs it)`;
  }
  if (!existsSync('/bin/busybox')) return '/bin/busybox is missing (apt-get install busybox-static)';
  const probe = spawnSync('ip', ['netns', 'add', 'aiswarm-probe'], { encoding: 'utf8' });
  if (probe.status !== 0) return `no network namespace support: ip netns add failed: ${probe.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', 'aiswarm-probe']);
  return undefined;
}

function script(args: string[], timeoutMs: number): { ok: boolean; output: string } {
  const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, AI_STACK_SWARM_ROOT: ROOT } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}` };
}

/** Builds (or completes) the cluster; throws with the script's output when it cannot. */
export function up(): void {
  const r = script(['up'], 240_000);
  if (!r.ok) {
    const logs = [1, 2, 3].map((n) => spawnSync('tail', ['-5', `${ROOT}/n${n}/dockerd.log`], { encoding: 'utf8' }).stdout).join('\n');
    throw new Error(`swarm-cluster.sh up failed:\n${r.output}\n${logs}`);
  }
}

export function down(): void {
  const r = script(['down'], 300_000);
  if (!r.ok) throw new Error(`swarm-cluster.sh down failed:\n${r.output}`);
}

/** Stops node n's dockerd (SIGTERM, then SIGKILL after 20 s): its containers stop with it. */
export function stopNode(n: number): void {
  const r = script(['stop-node', String(n)], 60_000);
  if (!r.ok) throw new Error(`stop-node ${n} failed:\n${r.output}`);
}

export function startNode(n: number): void {
  const r = script(['start-node', String(n)], 90_000);
  if (!r.ok) throw new Error(`start-node ${n} failed:\n${r.output}`);
}

/** A child process in the manager's network namespace (argument array, no shell). */
export function spawnInManagerNetns(argv: string[]): ChildProcess {
  return spawn('nsenter', [`--net=/run/netns/${MANAGER_NETNS}`, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `docker …` against the manager, as the deploy's CLI child would run it. */
export function dockerCli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; output: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, ...env, DOCKER_HOST: nodeSocket(1) }, timeout: 120_000 });
  return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * Copies images of the main engine (DOCKER_HOST / the default socket) into every node that lacks
 * them: one `docker save` to a temp file, then `docker load` into the nodes in parallel. No registry
 * is needed. Asynchronous, so tests can run meanwhile.
 */
export async function loadImages(images: string[]): Promise<void> {
  const missing = [1, 2, 3].filter((n) => images.some((image) => spawnSync('docker', ['-H', nodeSocket(n), 'image', 'inspect', image], { stdio: 'ignore' }).status !== 0));
  if (missing.length === 0) return;
  const tar = path.join(ROOT, `images-${process.pid}.tar`);
  try {
    await run('docker', ['save', '-o', tar, ...images]);
    await Promise.all(missing.map((n) => run('docker', ['-H', nodeSocket(n), 'load', '-q', '-i', tar])));
  } finally {
    rmSync(tar, { force: true });
  }
}

function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code) => (clearTimeout(timer), code === 0 ? resolve() : reject(new Error(`${program} ${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
}
