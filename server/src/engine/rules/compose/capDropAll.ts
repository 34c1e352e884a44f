import type { ComposeContext } from '../../compose/context';
import { asStringList } from '../../compose/facts';
import { insertKey, isSeq, prependItem } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atValue, missing, serviceOf, servicesOf } from './util';

export const capDropAll: Rule<ComposeContext> = {
  id: 'cap-drop-all',
  kind: 'compose',
  title: 'Drop all Linux capabilities',
  rationale:
    'Containers start with a default set of capabilities (CHOWN, NET_RAW, SETUID, …) that most apps never use. `cap_drop: [ALL]` removes them, so a compromised process cannot use them; add back only what the service needs with `cap_add`.',
  defaultSeverity: 'warning',
  fixDescription: 'Adds `cap_drop: [ALL]` (or puts `ALL` first in an existing list).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['cap_drop']);
      if (asStringList(ref?.js).some((c) => c.toUpperCase() === 'ALL')) continue;
      if (ref) yield atValue(svc, ref, `Service "${svc.name}" drops only some capabilities; drop ALL and add back what it needs.`);
      else yield missing(svc, `Service "${svc.name}" keeps the default Linux capabilities: add cap_drop: [ALL].`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const ref = svc.get(['cap_drop']);
    if (!ref) return { title: 'Add cap_drop: [ALL]', edits: [insertKey(svc.file, svc.node, 'cap_drop', ['ALL'])], safe: true };
    if (ref.via || !isSeq(ref.node)) return undefined;
    return { title: 'Drop ALL capabilities', edits: [prependItem(ref.file, ref.node, 'ALL')], safe: true };
  },
};
