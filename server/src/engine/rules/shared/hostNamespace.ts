/** Shared shape of the "do not share a host namespace" rules (`pid: host`, `ipc: host`, …). */
import type { ComposeContext } from '../../compose/context';
import { deletePair } from '../../edits/yamlEdit';
import type { Rule, Severity } from '../../rule';
import { atValue, serviceOf, serviceRuleMeta, servicesOf } from './util';

interface NamespaceRuleSpec {
  id: string;
  key: string;
  title: string;
  rationale: string;
  defaultSeverity: Severity;
  /** What the host namespace exposes, for the message. */
  exposes: string;
  /** False for `network_mode: host`: removing it changes how the service is reached, a person decides. */
  deletable: boolean;
}

export function hostNamespaceRule(spec: NamespaceRuleSpec): Rule<ComposeContext> {
  return {
    ...serviceRuleMeta(spec),
    fixDescription: spec.deletable ? `Deletes the \`${spec.key}: host\` line.` : undefined,
    *check(ctx) {
      for (const svc of servicesOf(ctx)) {
        const ref = svc.get([spec.key]);
        if (typeof ref?.js === 'string' && ref.js.trim().toLowerCase() === 'host') {
          yield atValue(svc, ref, `Service "${svc.name}" shares the host's ${spec.exposes}.`);
        }
      }
    },
    fix: spec.deletable
      ? (ctx, finding) => {
          const svc = serviceOf(ctx, finding);
          const ref = svc?.get([spec.key]);
          if (!svc?.node || !ref || ref.via) return undefined;
          const edit = deletePair(svc.file, svc.node, spec.key);
          return edit && { title: `Remove ${spec.key}: host`, edits: [edit], safe: true };
        }
      : undefined,
  };
}
