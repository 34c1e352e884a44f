import type { ComposeContext } from '../../../compose/context';
import { isScalar } from '../../../edits/yamlEdit';
import type { Rule } from '../../../rule';
import { atValue, insertFix, missing, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';
import { deployMode, replicaCount, servedBecause, statefulVolume } from './swarmFacts';

export const swarmReplicasServed: Rule<ComposeContext> = {
  id: 'swarm-replicas-served',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Run a served app with at least two replicas',
  rationale: `With one replica, every update, node drain, node failure or crash of a served app is an outage until Swarm has started a new task and it has become healthy: start-first updates help only during updates, and a node that goes down takes its only task with it. Two replicas on different nodes keep answering (${SWARM_SOURCES.serviceCreate}, \`--replicas\`; ${SWARM_SOURCES.placement}, \`max_replicas_per_node\`). A served app is one that publishes ports or that other services of the stack call over HTTP; databases and services with data in a volume are exempt (their replicas would not share the data).`,
  defaultSeverity: 'warning',
  fixDescription: 'Sets `deploy.replicas: 2` (not applied by --fix: the nodes, ports and memory must allow a second task).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (deployMode(svc) !== 'replicated' || statefulVolume(svc)) continue;
      const why = servedBecause(ctx, svc);
      const count = replicaCount(svc);
      if (!why || count === undefined || count >= 2) continue;
      const ref = svc.get(['deploy', 'replicas']);
      const message = `"${svc.name}" is served (${why}) but runs ${count} replica${count === 1 ? '' : 's'}: an update, a crash or a node going down is an outage. Run at least 2.`;
      yield ref ? atValue(svc, ref, message) : missing(svc, message);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['deploy', 'replicas']);
    if (!ref) return insertFix(ctx, finding, ['deploy', 'replicas'], 2, 'Run 2 replicas', false);
    if (ref.via || !isScalar(ref.node)) return undefined;
    const { start, end } = ref.file.rangeOf(ref.node);
    return { title: 'Run 2 replicas', edits: [{ file: ref.file.path, range: { start, end }, newText: '2' }], safe: false };
  },
};
