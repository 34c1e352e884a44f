/** `security_opt` entries, shared by no-new-privileges and the "unconfined" rules. */
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { deleteItem, deletePair, isSeq } from '../../edits/yamlEdit';
import type { Finding, Fix, Rule, Severity } from '../../rule';
import { atValue, serviceOf, serviceRuleMeta, servicesOf } from './util';

export interface SecurityOpt {
  /** Normalised: lower case, `=` read as `:`. */
  value: string;
  ref: ValueRef;
  index: number;
}

export function securityOpts(svc: ServiceView): SecurityOpt[] {
  return svc.items(['security_opt']).flatMap((ref, index) =>
    typeof ref.js === 'string' ? [{ value: ref.js.trim().toLowerCase().replace(/^([a-z-]+)=/, '$1:'), ref, index }] : [],
  );
}

/** Removes the `index`-th `security_opt` item; the whole key when it is the only one (an empty `security_opt:` is null, not a list). */
export function deleteSecurityOptFix(svc: ServiceView, index: number, title: string): Fix | undefined {
  const list = svc.get(['security_opt']);
  if (!svc.node || !list || list.via || !isSeq(list.node)) return undefined;
  const edit = list.node.items.length === 1 ? deletePair(svc.file, svc.node, 'security_opt') : deleteItem(list.file, list.node, index);
  return edit && { title, edits: [edit], safe: true };
}

interface UnconfinedSpec {
  id: string;
  profile: 'seccomp' | 'apparmor';
  title: string;
  rationale: string;
  defaultSeverity: Severity;
}

/** `seccomp:unconfined` / `apparmor:unconfined`: the item is wrong, deleting it restores Docker's default profile. */
export function unconfinedRule(spec: UnconfinedSpec): Rule<ComposeContext> {
  const unconfined = `${spec.profile}:unconfined`;
  return {
    ...serviceRuleMeta(spec),
    fixDescription: `Deletes the \`${unconfined}\` item (Docker's default ${spec.profile} profile applies again).`,
    *check(ctx) {
      for (const svc of servicesOf(ctx)) {
        for (const opt of securityOpts(svc)) {
          if (opt.value === unconfined) yield atValue(svc, opt.ref, `Service "${svc.name}" disables the ${spec.profile} profile (${unconfined}).`, { index: opt.index });
        }
      }
    },
    fix(ctx, finding: Finding) {
      const svc = serviceOf(ctx, finding);
      return svc && deleteSecurityOptFix(svc, Number(finding.data?.index), `Remove ${unconfined}`);
    },
  };
}
