import type { ComposeContext } from '../../compose/context';
import { deletePair } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atKey, serviceOf, servicesOf } from '../shared/util';

export const noPrivileged: Rule<ComposeContext> = {
  id: 'no-privileged',
  kind: 'compose',
  title: 'No privileged containers',
  rationale:
    '`privileged: true` gives the container every capability and access to all host devices: a process that escapes the app owns the host. GPUs do not need it; use `deploy.resources.reservations.devices`.',
  defaultSeverity: 'error',
  scope: 'service',
  fixDescription: 'Deletes the `privileged:` line.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['privileged']);
      if (ref?.js === true) yield atKey(svc, ref, `Service "${svc.name}" runs privileged: it has full access to the host.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['privileged']);
    if (!svc?.node || !ref || ref.via) return undefined;
    const edit = deletePair(svc.file, svc.node, 'privileged');
    return edit && { title: 'Remove privileged: true', edits: [edit], safe: true };
  },
};
