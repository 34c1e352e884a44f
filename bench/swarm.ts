/**
 * Benchmark: `ai-stack deploy --target swarm` on the local three-node swarm (scripts/swarm-cluster.sh).
 * Times: cluster up (3 dockerds in netns, swarm init/join, 3 nodes Ready), first deploy to
 * convergence, then `--rounds` rolling updates (v1 ↔ v2, order start-first) and one broken update
 * (rolled back by Swarm), each under the bounded load of test/swarm/load.ts from the manager netns:
 * time to converge (deploy start → every service converged / rollback reported) and requests failed.
 * Run: npx tsx bench/swarm.ts [--rounds 3] [--no-write]   (root; tears the cluster down at the end)
 * Writes the "Swarm cluster" section of BENCHMARKS.md.
 */
import os from 'node:os';
import path from 'node:path';
import { deployToSwarm } from '../runtime/src/swarm/deploy';
import { SwarmModel } from '../runtime/src/swarm/model';
import { createMemoryReporter } from '../runtime/src/tasks/reporter';
import { clusterUnsupported, down, nodeDocker, nodeSocket, up } from '../test/swarm/cluster';
import { startSwarmLoad } from '../test/swarm/load';
import { writeSection } from './report';

const SECTION = 'Swarm cluster';
const FIXTURE = path.resolve(__dirname, '../test/swarm/fixtures/compose.yaml');
const STACK = 'aibench';
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 3) || 3;
const write = !args.includes('--no-write');

interface Row {
  what: string;
  exit: number;
  convergeS: number;
  sent: number;
  failed: number;
}

async function deployUnderLoad(model: SwarmModel, what: string, tag: string, canary?: number): Promise<Row> {
  const load = startSwarmLoad(model, `${STACK}_web`, { maxRequests: 30000, maxMs: 150_000, concurrency: 4 });
  await load.flowing();
  const reporter = createMemoryReporter();
  const started = Date.now();
  const result = await deployToSwarm({ files: [FIXTURE], stack: STACK, dockerHost: nodeSocket(1), env: { WEB_TAG: tag }, timeout: 180, pollMs: 250, canary }, reporter);
  const convergeS = (Date.now() - started) / 1000;
  const r = await load.stop();
  if (r.failed) console.log(`  failures: ${JSON.stringify(r.failures)}`);
  return { what, exit: result.code, convergeS, sent: r.sent, failed: r.failed };
}

async function main(): Promise<void> {
  const unsupported = clusterUnsupported();
  if (unsupported) {
    console.log(`bench swarm: skipped (${unsupported})`);
    return;
  }
  down();
  let t = Date.now();
  up();
  const clusterUpS = (Date.now() - t) / 1000;
  const model = new SwarmModel({ docker: nodeDocker(1), taskRefreshMs: 250 });
  const rows: Row[] = [];
  try {
    await model.start();
    t = Date.now();
    const first = await deployToSwarm({ files: [FIXTURE], stack: STACK, dockerHost: nodeSocket(1), env: { WEB_TAG: 'v1' }, timeout: 180, pollMs: 250 }, createMemoryReporter());
    rows.push({ what: 'first deploy (2 services, 5 tasks, 3 nodes)', exit: first.code, convergeS: (Date.now() - t) / 1000, sent: 0, failed: 0 });
    let tag = 'v1';
    for (let i = 0; i < rounds; i++) {
      tag = tag === 'v1' ? 'v2' : 'v1';
      rows.push(await deployUnderLoad(model, `rolling update → ${tag} (start-first)`, tag));
    }
    rows.push(await deployUnderLoad(model, `\`--canary 1\` update → ${tag === 'v1' ? 'v2' : 'v1'} (canary verified, then rolling)`, tag === 'v1' ? 'v2' : 'v1', 1));
    rows.push(await deployUnderLoad(model, 'broken update (healthcheck fails) → rolled back', 'broken'));
  } finally {
    model.dispose();
    down();
  }
  for (const r of rows) console.log(`${r.what}: exit ${r.exit}, ${r.convergeS.toFixed(1)} s, ${r.sent} requests, ${r.failed} failed`);
  console.log(`cluster up: ${clusterUpS.toFixed(1)} s`);
  if (!write) return;
  const table = rows.map((r) => `| ${r.what} | ${r.exit} | ${r.convergeS.toFixed(1)} s | ${r.sent ? r.sent.toLocaleString('en-US') : '–'} | ${r.sent ? `**${r.failed}**` : '–'} |`).join('\n');
  writeSection(
    SECTION,
    `## ${SECTION}

Written by \`npx tsx bench/swarm.ts\` (part of \`npm run bench\`) on ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}:
three dockerd 20.10 in network namespaces on this one machine (\`scripts/swarm-cluster.sh\`; cluster up,
3 nodes Ready: ${clusterUpS.toFixed(1)} s), stack \`test/swarm/fixtures/compose.yaml\` (web: 2 replicas, host-mode port,
healthcheck every 1 s, \`update_config\` start-first / rollback / monitor 8 s; worker: 3 replicas), deployed
with \`deploy --target swarm\` (runtime/src/swarm/deploy.ts). "Converge" is from the start of the deploy to
every service converged (or the rollback reported). Load: 4 clients in the manager's netns sending GET /
to the host-mode ports of the tasks Swarm reports running (test/swarm/load.ts; new connection per request,
no retries), capped at 30,000 requests / 150 s per deploy. An update's time is mostly the file's own
pacing: per web replica (parallelism 1) the new task's start and first healthy check, \`monitor: 8s\`,
\`delay: 1s\`; a rollback adds the rollback's own monitor period; a canary adds its start and the
monitor period it must stay healthy (8 s) before the rolling update begins. The request counts
depend on how busy the shared machine is; the failed count is the figure that matters.

| deploy | exit | converge | requests | failed |
|---|---|---|---|---|
${table}

`,
  );
}

main().catch((e) => {
  console.error(e);
  try {
    down();
  } catch {
    // the error above is the one to show
  }
  process.exit(1);
});
