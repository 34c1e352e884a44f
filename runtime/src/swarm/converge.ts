/**
 * When is a stack "done" after `docker stack deploy`, and what to say meanwhile. Pure functions over
 * snapshots (snapshot.ts), so the follow loop, the canary and the tests share one definition.
 */
import { type SwarmService, type SwarmSnapshot, type SwarmTask, taskReason } from './snapshot';

export type ServiceOutcome =
  | { kind: 'converging' }
  | { kind: 'converged' }
  | { kind: 'rolled-back'; reason: string }
  | { kind: 'paused'; reason: string };

/** `since`: engine time (ms) the deploy started; an older UpdateStatus belongs to an earlier deploy. */
export function serviceOutcome(s: SwarmService, since: number): ServiceOutcome {
  const started = s.update.startedAt ? Date.parse(s.update.startedAt) : 0;
  // One second of slack: the engine's clock and ours are the same host's, but rounded differently.
  const thisDeploy = started >= since - 1000;
  if (thisDeploy && (s.update.state === 'rollback_completed' || s.update.state === 'rollback_started' || s.update.state === 'rollback_paused')) {
    if (s.update.state === 'rollback_completed') return { kind: 'rolled-back', reason: s.update.message ?? 'update rolled back' };
    if (s.update.state === 'rollback_paused') return { kind: 'paused', reason: s.update.message ?? 'rollback paused' };
    return { kind: 'converging' };
  }
  if (thisDeploy && s.update.state === 'paused') return { kind: 'paused', reason: s.update.message ?? 'update paused' };
  if (s.update.state === 'updating' || s.update.state === 'rollback_started') return { kind: 'converging' };
  const current = s.tasks.filter((t) => t.desiredState === 'running');
  const running = current.filter((t) => t.state === 'running');
  const enough = s.mode === 'global' ? running.length > 0 && running.length === current.length : running.length === (s.desiredReplicas ?? 0);
  // Every task runs the service's image: an update that has not begun yet still has old tasks.
  const sameImage = running.every((t) => !t.image || t.image === s.image);
  return enough && sameImage && running.length === current.length ? { kind: 'converged' } : { kind: 'converging' };
}

/** One progress line per service, e.g. `web: 1/2 running · update updating (update in progress)`. */
export function progressLine(s: SwarmService): string {
  const current = s.tasks.filter((t) => t.desiredState === 'running');
  const desired = s.mode === 'global' ? `${current.length} (global)` : String(s.desiredReplicas ?? 0);
  const states = countBy(current.filter((t) => t.state !== 'running').map((t) => t.state));
  const extra = Object.entries(states).map(([state, n]) => `${n} ${state}`).join(', ');
  const update = s.update.state === 'none' ? '' : ` · update ${s.update.state}${s.update.message ? ` (${s.update.message})` : ''}`;
  return `${s.composeName}: ${s.running}/${desired} running${extra ? ` (${extra})` : ''}${update}`;
}

/** The reason a rollback names (`… of task <id>`) plus the distinct errors of tasks that failed since `since`. */
export function rollbackCauses(s: SwarmService, since: number, extraTasks: SwarmTask[] = []): string[] {
  const causes: string[] = [];
  const named = /task ([a-z0-9]{25})/.exec(s.update.message ?? '')?.[1];
  const all = [...s.tasks, ...extraTasks];
  const namedTask = named ? all.find((t) => t.id === named) : undefined;
  if (named && namedTask) causes.push(`task ${named.slice(0, 12)} on ${namedTask.node} (${namedTask.image ?? s.image}): ${taskReason(namedTask)}`);
  for (const t of all) {
    if (t === namedTask || !t.error || Date.parse(t.timestamp) < since - 1000) continue;
    const line = `task ${t.id.slice(0, 12)} on ${t.node} (${t.image ?? s.image}): ${t.error}`;
    if (!causes.some((c) => c.endsWith(`: ${t.error}`))) causes.push(line);
  }
  return causes;
}

/** Messages about nodes that changed state between two snapshots (a node down, back, joined, left). */
export function nodeChanges(previous: SwarmSnapshot | undefined, next: SwarmSnapshot): string[] {
  if (!previous) return next.nodes.filter((n) => n.state !== 'ready').map((n) => `node ${n.hostname} is ${n.state}`);
  const before = new Map(previous.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (const n of next.nodes) {
    const was = before.get(n.id);
    if (!was) out.push(`node ${n.hostname} joined (${n.state})`);
    else if (was.state !== n.state) {
      out.push(
        n.state === 'down'
          ? `node ${n.hostname} is down: Swarm reschedules its replicated tasks on the other nodes`
          : `node ${n.hostname} is ${n.state} (was ${was.state})`,
      );
    }
  }
  for (const n of previous.nodes) if (!next.nodes.some((m) => m.id === n.id)) out.push(`node ${n.hostname} left the swarm`);
  return out;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
