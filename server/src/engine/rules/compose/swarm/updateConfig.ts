/**
 * Rolling updates that cannot take a service down: the new task starts before the old one stops,
 * an update whose tasks fail rolls back by itself, and Swarm watches each new task at least as long
 * as its healthcheck needs to call it unhealthy.
 */
import type { ComposeContext } from '../../../compose/context';
import type { ServiceView } from '../../../compose/model';
import { isScalar, replaceScalar, setPath } from '../../../edits/yamlEdit';
import type { FindingDraft, Rule } from '../../../rule';
import { durationSeconds } from '../../../shared/duration';
import { atValue, insertFix, missing, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';
import { durationText, healthWindowSeconds, isLongRunning, statefulVolume } from './swarmFacts';

/** Swarm's default monitor period (docker service create --update-monitor). */
const DEFAULT_MONITOR = 5;
/** The monitor period the fix writes when the service has no healthcheck to size it by. */
const FALLBACK_MONITOR = 30;

/** start-first, except where two tasks must never run at once: one writer per data directory. */
export function wantedOrder(svc: ServiceView): 'start-first' | 'stop-first' {
  return statefulVolume(svc) ? 'stop-first' : 'start-first';
}

export function wantedMonitor(svc: ServiceView): number {
  const window = healthWindowSeconds(svc);
  return window === undefined ? FALLBACK_MONITOR : Math.max(window, DEFAULT_MONITOR);
}

export function updateBlock(svc: ServiceView): Record<string, unknown> {
  return { parallelism: 1, order: wantedOrder(svc), failure_action: 'rollback', monitor: durationText(wantedMonitor(svc)) };
}

export const swarmUpdateConfig: Rule<ComposeContext> = {
  id: 'swarm-update-config',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Safe rolling updates: start-first, roll back on failure, monitor the health window',
  rationale: `Without \`deploy.update_config\`, Swarm updates one task at a time by stopping the old task before starting the new one (\`order: stop-first\`: that replica serves nothing meanwhile), watches each new task for only 5s (\`monitor\`), and on failure pauses the update half done (\`failure_action: pause\`) (defaults in ${SWARM_SOURCES.serviceCreate}). Write \`order: start-first\` (stateful services with one data directory keep \`stop-first\`: two writers would corrupt it), \`failure_action: rollback\` (the previous spec comes back by itself), and a \`monitor\` at least the healthcheck's \`interval × retries + start_period\`: a task that never becomes healthy must fail inside the monitor period, or the update counts it as a success and moves on (${SWARM_SOURCES.rollingUpdate}).`,
  defaultSeverity: 'warning',
  fixDescription: 'Inserts `deploy.update_config` (parallelism 1, order start-first, or stop-first for a stateful service, failure_action rollback, monitor = the health window) or the missing / wrong key of an existing one.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (!isLongRunning(ctx, svc)) continue;
      const config = svc.get(['deploy', 'update_config']);
      if (!config) {
        const what = wantedOrder(svc) === 'start-first' ? 'stops each old task before the new one starts and pauses a failed update half done' : 'watches each new task for only 5s and pauses a failed update half done';
        yield missing(svc, `Service "${svc.name}" has no deploy.update_config: Swarm ${what}.`, { kind: 'block' });
        continue;
      }
      yield* problems(svc);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const kind = finding.data?.kind as string | undefined;
    if (kind === 'block') return insertFix(ctx, finding, ['deploy', 'update_config'], updateBlock(svc), 'Add deploy.update_config (start-first, rollback on failure)');
    const key = finding.data?.key as string | undefined;
    const value = finding.data?.value as string | undefined;
    if (!key || !value) return undefined;
    const title = `Set update_config.${key}: ${value}`;
    const ref = svc.get(['deploy', 'update_config', key]);
    if (!ref) {
      const edit = setPath(svc.file, svc.node, ['deploy', 'update_config', key], value);
      return edit ? { title, edits: [edit], safe: true } : undefined;
    }
    if (ref.via || !isScalar(ref.node)) return undefined;
    return { title, edits: [replaceScalar(ref.file, ref.node, value)], safe: true };
  },
};

function* problems(svc: ServiceView): Iterable<FindingDraft> {
  const at = (path: string, message: string, key: string, value: string): FindingDraft => {
    const ref = svc.get(['deploy', 'update_config', path]) ?? svc.get(['deploy', 'update_config'])!;
    return atValue(svc, ref, message, { kind: 'key', key, value });
  };
  const order = svc.get(['deploy', 'update_config', 'order'])?.js;
  const wanted = wantedOrder(svc);
  if (wanted === 'start-first' && order !== 'start-first') {
    yield at('order', `Updates of "${svc.name}" stop the old task before the new one starts${order ? '' : ' (default stop-first)'}: set order: start-first.`, 'order', 'start-first');
  } else if (wanted === 'stop-first' && order === 'start-first') {
    yield at('order', `"${svc.name}" keeps its data in volume "${statefulVolume(svc)}": start-first runs two tasks on it at once during an update. Set order: stop-first.`, 'order', 'stop-first');
  }
  const action = svc.get(['deploy', 'update_config', 'failure_action'])?.js;
  if (action !== 'rollback') {
    yield at('failure_action', `A failed update of "${svc.name}" ${action ? `does "${String(action)}"` : 'pauses half done (default pause)'}: set failure_action: rollback.`, 'failure_action', 'rollback');
  }
  const window = healthWindowSeconds(svc);
  const monitorRef = svc.get(['deploy', 'update_config', 'monitor']);
  const monitor = monitorRef ? durationSeconds(monitorRef.js) : DEFAULT_MONITOR;
  if (window !== undefined && monitor !== undefined && monitor < window) {
    yield at('monitor', `Swarm watches each new task of "${svc.name}" for ${durationText(monitor)}${monitorRef ? '' : ' (default)'}, but its healthcheck needs up to ${durationText(window)} (interval × retries + start_period) to call it unhealthy: set monitor: ${durationText(window)}.`, 'monitor', durationText(window));
  }
}
