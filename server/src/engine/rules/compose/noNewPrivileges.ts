import { Scalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { appendItem, insertKey, isSeq } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { securityOpts } from '../shared/securityOpt';
import { atValue, missing, serviceOf, servicesOf } from '../shared/util';

const ACCEPTED = new Set(['no-new-privileges', 'no-new-privileges:true']);

/** Quoted: a plain `no-new-privileges:true` inside `[...]` is read differently by some YAML parsers. */
function item(): Scalar {
  const s = new Scalar('no-new-privileges:true');
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

export const noNewPrivileges: Rule<ComposeContext> = {
  id: 'no-new-privileges',
  kind: 'compose',
  title: 'Forbid gaining new privileges',
  rationale:
    'Without `no-new-privileges`, a process can gain privileges through setuid/setgid binaries (su, sudo, ping…) or file capabilities. `security_opt: ["no-new-privileges:true"]` makes any exec keep the privileges it started with.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Adds `security_opt: ["no-new-privileges:true"]`, or appends the item to an existing list.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['security_opt']);
      if (securityOpts(svc).some((o) => ACCEPTED.has(o.value))) continue;
      if (ref) yield atValue(svc, ref, `Service "${svc.name}" sets security_opt without no-new-privileges:true.`);
      else yield missing(svc, `Service "${svc.name}" can gain privileges through setuid binaries: add security_opt: ["no-new-privileges:true"].`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const ref = svc.get(['security_opt']);
    if (!ref) return { title: 'Add security_opt: no-new-privileges:true', edits: [insertKey(svc.file, svc.node, 'security_opt', [item()])], safe: true };
    if (ref.via || !isSeq(ref.node)) return undefined;
    return { title: 'Add no-new-privileges:true to security_opt', edits: [appendItem(ref.file, ref.node, item())], safe: true };
  },
};
