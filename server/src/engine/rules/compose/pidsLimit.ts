import type { ComposeContext } from '../../compose/context';
import { isMap, isScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atValue, insertFix, missing, serviceOf, servicesOf } from '../shared/util';

const DEFAULT_PIDS = 200;

function unlimited(js: unknown): boolean {
  return Number(js) <= 0;
}

export const pidsLimit: Rule<ComposeContext> = {
  id: 'pids-limit',
  kind: 'compose',
  title: 'Limit the number of processes',
  rationale:
    'Without a PIDs limit a fork bomb or a thread leak in one container exhausts the host\'s process table, and then nothing on the host (not even sshd) can start a process.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: `Inserts \`pids_limit: ${DEFAULT_PIDS}\` (or \`deploy.resources.limits.pids\` when a limits map exists); replaces -1/0 with ${DEFAULT_PIDS}.`,
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['deploy', 'resources', 'limits', 'pids']) ?? svc.get(['pids_limit']);
      if (!ref) yield missing(svc, `Service "${svc.name}" has no PIDs limit: set pids_limit.`);
      else if (unlimited(ref.js)) yield atValue(svc, ref, `Service "${svc.name}" has an unlimited PIDs limit (${String(ref.js)}).`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc) return undefined;
    const ref = svc.get(['deploy', 'resources', 'limits', 'pids']) ?? svc.get(['pids_limit']);
    if (ref) {
      if (ref.via || !isScalar(ref.node) || !ref.node.range) return undefined;
      const [start, end] = ref.node.range;
      return { title: `Limit to ${DEFAULT_PIDS} processes`, edits: [{ file: ref.file.path, range: { start, end }, newText: String(DEFAULT_PIDS) }], safe: true };
    }
    const limits = svc.get(['deploy', 'resources', 'limits']);
    const path = limits && !limits.via && isMap(limits.node) ? ['deploy', 'resources', 'limits', 'pids'] : ['pids_limit'];
    return insertFix(ctx, finding, path, DEFAULT_PIDS, `Limit to ${DEFAULT_PIDS} processes`);
  },
};
