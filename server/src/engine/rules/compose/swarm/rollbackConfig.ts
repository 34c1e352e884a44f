import type { ComposeContext } from '../../../compose/context';
import type { Rule } from '../../../rule';
import { insertFix, missing, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';
import { isLongRunning } from './swarmFacts';
import { wantedMonitor, wantedOrder } from './updateConfig';
import { durationText } from './swarmFacts';

export const swarmRollbackConfig: Rule<ComposeContext> = {
  id: 'swarm-rollback-config',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Say how a rollback runs',
  rationale: `A rollback is an update back to the previous spec, with its own settings in \`deploy.rollback_config\`; without them it stops each task before starting the old version (\`order: stop-first\`) and watches it for 5s (defaults in ${SWARM_SOURCES.serviceCreate}), so the rollback that should end an outage causes one of its own. Give it the same order and monitor as the update, and \`failure_action: pause\` so a rollback that fails too stops for a person.`,
  defaultSeverity: 'info',
  fixDescription: 'Inserts `deploy.rollback_config` (parallelism 1, the update\'s order, failure_action pause, monitor = the health window).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (!isLongRunning(ctx, svc) || svc.get(['deploy', 'rollback_config'])) continue;
      yield missing(svc, `Service "${svc.name}" has no deploy.rollback_config: a rollback stops each task before the previous version starts.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc) return undefined;
    const block = { parallelism: 1, order: wantedOrder(svc), failure_action: 'pause', monitor: durationText(wantedMonitor(svc)) };
    return insertFix(ctx, finding, ['deploy', 'rollback_config'], block, 'Add deploy.rollback_config');
  },
};
