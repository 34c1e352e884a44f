import type { ComposeContext } from '../../compose/context';
import { asStringList } from '../../compose/facts';
import { insertKey, isSeq, prependItem } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atValue, missing, serviceOf, servicesOf } from '../shared/util';

export const capDropAll: Rule<ComposeContext> = {
  id: 'cap-drop-all',
  kind: 'compose',
  title: 'Drop all Linux capabilities',
  rationale:
    'Containers start with a default set of capabilities (CHOWN, NET_RAW, SETUID, …) that most apps never use. `cap_drop: [ALL]` removes them, so a compromised process cannot use them; add back only what the service needs with `cap_add`. A privileged service does not keep the default set: Docker gives it every capability and ignores `cap_drop`, so the rule reports it at `privileged` (also when it has `cap_drop: [ALL]`, which does nothing there) and offers no fix: `privileged` has to go first (see no-privileged).',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Adds `cap_drop: [ALL]` (or puts `ALL` first in an existing list).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['cap_drop']);
      const privileged = svc.get(['privileged']);
      if (privileged && (privileged.js === true || privileged.js === 'true')) {
        // Docker grants every capability to a privileged container and ignores cap_drop/cap_add.
        yield atValue(svc, privileged, `Service "${svc.name}" is privileged, so it has every Linux capability${ref ? ' and its cap_drop has no effect' : ''}: remove privileged first, then drop ALL and add back what it needs.`, { privileged: true });
        continue;
      }
      if (asStringList(ref?.js).some((c) => c.toUpperCase() === 'ALL')) continue;
      if (ref) yield atValue(svc, ref, `Service "${svc.name}" drops only some capabilities; drop ALL and add back what it needs.`);
      else yield missing(svc, `Service "${svc.name}" keeps the default Linux capabilities: add cap_drop: [ALL].`);
    }
  },
  fix(ctx, finding) {
    if (finding.data?.privileged) return undefined; // cap_drop would change nothing while privileged is set
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const ref = svc.get(['cap_drop']);
    if (!ref) return { title: 'Add cap_drop: [ALL]', edits: [insertKey(svc.file, svc.node, 'cap_drop', ['ALL'])], safe: true };
    if (ref.via || !isSeq(ref.node)) return undefined;
    return { title: 'Drop ALL capabilities', edits: [prependItem(ref.file, ref.node, 'ALL')], safe: true };
  },
};
