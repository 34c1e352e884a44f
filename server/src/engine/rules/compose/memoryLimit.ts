import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { insertFix, missing, servicesOf } from '../shared/util';

export const memoryLimit: Rule<ComposeContext> = {
  id: 'memory-limit',
  kind: 'compose',
  title: 'Limit memory',
  rationale:
    'Without a memory limit one service (a model server loading a big model, a leaking worker) can take all host memory until the kernel\'s OOM killer picks a victim, possibly the database. A limit confines the damage to that container.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Inserts `deploy.resources.limits.memory: 512M` (merged into an existing `deploy`); tune the value.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (svc.get(['deploy', 'resources', 'limits', 'memory']) || svc.get(['mem_limit'])) continue;
      yield missing(svc, `Service "${svc.name}" has no memory limit: set deploy.resources.limits.memory.`);
    }
  },
  fix: (ctx, finding) => insertFix(ctx, finding, ['deploy', 'resources', 'limits', 'memory'], '512M', 'Limit memory to 512M'),
};
