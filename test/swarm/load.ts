/**
 * Loopback-style load on the local swarm: loadClient.mjs runs in the manager's network namespace and
 * sends to the host-mode ports of the tasks that Swarm reports running (plus the service's canary,
 * which serves under the same DNS alias). The endpoint list follows the live SwarmModel, the way a
 * dnsrr client follows Swarm's DNS (which lists only running, i.e. healthy, tasks).
 */
import type { SwarmModel } from '../../runtime/src/swarm/model';
import type { SwarmSnapshot } from '../../runtime/src/swarm/snapshot';
import { spawnInManagerNetns } from './cluster';
import path from 'node:path';

export interface SwarmLoadResult {
  sent: number;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  versions: Record<string, number>;
  byEndpoint: Record<string, number>;
  durationMs: number;
  reason: string;
  /** Every endpoint list the client was given, in order. */
  endpointHistory: string[][];
}

export function runningEndpoints(snapshot: SwarmSnapshot, service: string): string[] {
  const address = new Map(snapshot.nodes.map((n) => [n.id, n.address]));
  const out: string[] = [];
  for (const stack of snapshot.stacks) {
    for (const s of stack.services) {
      if (s.name !== service && s.canaryOf !== service) continue;
      for (const t of s.tasks) {
        if (t.desiredState !== 'running' || t.state !== 'running' || !t.nodeId) continue;
        const port = t.ports.find((p) => p.published > 0)?.published;
        const host = address.get(t.nodeId);
        if (port && host) out.push(`${host}:${port}`);
      }
    }
  }
  return out.sort();
}

export interface SwarmLoad {
  stop(): Promise<SwarmLoadResult>;
  /** Resolves once the client has answered at least once (the load is flowing). */
  flowing(): Promise<void>;
}

export function startSwarmLoad(model: SwarmModel, service: string, limits = { maxRequests: 20000, maxMs: 150000, concurrency: 4 }): SwarmLoad {
  const child = spawnInManagerNetns([
    process.execPath,
    path.join(__dirname, 'loadClient.mjs'),
    String(limits.maxRequests),
    String(limits.maxMs),
    String(limits.concurrency),
  ]);
  const history: string[][] = [];
  let last = '';
  const push = (snapshot: SwarmSnapshot) => {
    const endpoints = runningEndpoints(snapshot, service);
    const key = endpoints.join(',');
    if (key === last) return;
    last = key;
    history.push(endpoints);
    child.stdin?.write(JSON.stringify({ endpoints }) + '\n');
  };
  if (model.snapshot) push(model.snapshot);
  const off = model.onDidChange(push);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    async flowing() {
      // The client only starts once it has endpoints; the model pushes them on its next read.
      await model.waitFor((s) => runningEndpoints(s, service).length > 0, 60_000, `running endpoints of ${service}`);
    },
    async stop() {
      off();
      child.stdin?.write(JSON.stringify({ stop: true }) + '\n');
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      if (!line) throw new Error(`load client gave no result (stderr: ${err.trim()})`);
      return { ...(JSON.parse(line) as Omit<SwarmLoadResult, 'endpointHistory'>), endpointHistory: history };
    },
  };
}
