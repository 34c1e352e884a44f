// The local three-node swarm (scripts/swarm-cluster.sh) for the scenarios that show it in the
// Containers view: the cluster is brought up from scratch and down again after the scenario, a stack
// is deployed on the manager, and the extension reaches the manager through a counting proxy
// (lib/dockerProxy.mjs) set as aiStack.docker.host. The cluster uses network namespaces: one at a time.
// Commands are argument arrays (no shell).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './support.mjs';
import { startDockerProxy } from './dockerProxy.mjs';
import { waitFor } from './workbench.mjs';

const CLUSTER = path.join(REPO, 'scripts', 'swarm-cluster.sh');
export const MANAGER_SOCKET = `${process.env.AI_STACK_SWARM_ROOT ?? '/run/ai-stack-swarm'}/n1/docker.sock`;

function cluster(args, timeout) {
  const r = spawnSync('bash', [CLUSTER, ...args], { encoding: 'utf8', timeout });
  if (r.status !== 0) throw new Error(`swarm-cluster.sh ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout || r.error?.message || '').slice(-2000)}`);
}

/** `docker <args>` against the manager; its stdout. */
export function onManager(args, env = {}) {
  const r = spawnSync('docker', ['-H', `unix://${MANAGER_SOCKET}`, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * A fresh three-node swarm with `stack` deployed from `composeFile` (env: its interpolation
 * variables), torn down after the scenario; then the proxy in front of the manager. Returns
 * { proxy, settings } where settings is the text of a .vscode/settings.json pointing at the proxy.
 */
export async function swarmWithStack(t, { stack, composeFile, env = {} }) {
  if (process.getuid?.() !== 0) throw new Error('the local swarm needs root (ip netns, dockerd)');
  await t.step(`a three-node swarm with stack ${stack}`, 240_000, async () => {
    cluster(['down'], 120_000);
    t.cleanup(() => cluster(['down'], 120_000));
    cluster(['up'], 200_000);
    onManager(['stack', 'deploy', '-c', composeFile, stack], env);
  });
  const proxySocket = path.join(t.tmpRoot, 'swarm-proxy.sock');
  const proxy = await startDockerProxy(proxySocket, MANAGER_SOCKET);
  t.cleanup(() => proxy.close());
  return { proxy, settings: JSON.stringify({ 'aiStack.docker.host': `unix://${proxySocket}` }, null, 2) };
}

/** Shows the AI Stack view container and waits until `ready(rows)` holds for the Containers view's rows. */
export async function showSwarmView(wb, what, ready, timeout = 110_000) {
  const rows = () => wb.treeRows('Containers');
  await wb.page.locator('.part.activitybar [aria-label^="AI Stack"]').first().click({ timeout: 15_000 });
  await wb.viewPane('Containers').locator('.pane-body').waitFor({ state: 'visible', timeout: 20_000 });
  await waitFor(what, async () => ready(await rows()), { timeout, interval: 1000 }).catch(async (e) => {
    throw new Error(`${e.message}; the view shows: ${(await rows()).map((r) => `${'  '.repeat(r.depth)}${r.text}`).join(' | ')}`);
  });
}
