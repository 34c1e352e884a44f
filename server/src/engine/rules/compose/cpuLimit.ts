import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { insertFix, missing, servicesOf } from '../shared/util';

export const cpuLimit: Rule<ComposeContext> = {
  id: 'cpu-limit',
  kind: 'compose',
  title: 'Limit CPU',
  rationale:
    'Without a CPU limit a busy service (embedding a batch, a runaway loop) can starve the others on the host, including the database and the health checks that keep the stack up.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Inserts `deploy.resources.limits.cpus: "1.0"` (merged into an existing `deploy`); tune the value.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (svc.get(['deploy', 'resources', 'limits', 'cpus']) || svc.get(['cpus'])) continue;
      yield missing(svc, `Service "${svc.name}" has no CPU limit: set deploy.resources.limits.cpus.`);
    }
  },
  fix: (ctx, finding) => insertFix(ctx, finding, ['deploy', 'resources', 'limits', 'cpus'], '1.0', 'Limit CPU to 1.0'),
};
