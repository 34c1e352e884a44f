import type { ComposeContext } from '../../compose/context';
import { deleteItem, deletePair, isSeq } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atValue, serviceOf, servicesOf } from '../shared/util';

/** Capabilities that amount to (or easily lead to) root on the host. */
const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH']);

/**
 * Docker's default capability set (moby/oci/caps/defaults.go): re-adding one after `cap_drop: [ALL]`
 * is the minimal set done right, and adding one without dropping changes nothing.
 */
const DEFAULT_SET = new Set(['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE']);

function capName(js: unknown): string {
  return String(js).trim().toUpperCase().replace(/^CAP_/, '');
}

export const capAddMinimal: Rule<ComposeContext> = {
  id: 'cap-add-minimal',
  kind: 'compose',
  title: 'Add back only the capabilities a service needs',
  rationale:
    'Every capability in `cap_add` beyond Docker\'s default set widens what a compromised process can do. SYS_ADMIN (mount, namespaces, BPF…), NET_ADMIN, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH and ALL are each close to full root on the host (error); any other capability outside the default set (AUDIT_CONTROL, SYS_NICE, IPC_LOCK, SYS_TIME…) should be justified one by one. Capabilities of the default set (CHOWN, SETUID, SETGID, DAC_OVERRIDE, NET_BIND_SERVICE…) are not reported: re-added after `cap_drop: [ALL]` they are the minimal set the image needs (an entrypoint that chowns and switches user, a proxy on port 80), and without `cap_drop` they change nothing (cap-drop-all reports that).',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Offers to remove the capability (not applied automatically: the service may need it).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['cap_add']);
      const items = isSeq(ref?.node) ? svc.items(['cap_add']) : ref && typeof ref.js === 'string' ? [ref] : [];
      for (const [index, item] of items.entries()) {
        const cap = capName(item.js);
        if (DEFAULT_SET.has(cap)) continue;
        const draft = DANGEROUS.has(cap)
          ? atValue(svc, item, `Service "${svc.name}" adds ${cap}, which is close to full root on the host.`, { index })
          : atValue(svc, item, `Service "${svc.name}" adds ${cap}, which is not in Docker's default capability set: keep it only if the service needs it.`, { index });
        if (DANGEROUS.has(cap)) draft.severity = 'error';
        yield draft;
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['cap_add']);
    if (!svc?.node || !ref || ref.via) return undefined;
    const index = Number(finding.data?.index);
    const edit = isSeq(ref.node) && ref.node.items.length > 1 ? deleteItem(ref.file, ref.node, index) : deletePair(svc.file, svc.node, 'cap_add');
    const cap = capName(isSeq(ref.node) ? svc.items(['cap_add'])[index]?.js : ref.js);
    return edit && { title: `Remove ${cap} from cap_add`, edits: [edit], safe: false };
  },
};
