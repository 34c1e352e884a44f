/**
 * One shape for the rules about a service key `docker stack deploy` drops or refuses: the finding
 * sits on the key where it is written, says what Swarm does with it and what to write instead.
 */
import type { ComposeContext } from '../../../compose/context';
import type { ServiceView, ValueRef } from '../../../compose/model';
import type { Rule, Severity } from '../../../rule';
import { atKey, servicesOf } from '../../shared/util';

export interface IgnoredKeySpec {
  id: string;
  key: string;
  title: string;
  rationale: string;
  defaultSeverity: Severity;
  /** The message for one service; undefined: no finding (the value is harmless). */
  message(svc: ServiceView, ref: ValueRef, ctx: ComposeContext): string | undefined;
  fixDescription?: string;
  fix?: Rule<ComposeContext>['fix'];
}

export function ignoredKeyRule(spec: IgnoredKeySpec): Rule<ComposeContext> {
  return {
    id: spec.id,
    kind: 'compose',
    targets: ['swarm'],
    title: spec.title,
    rationale: spec.rationale,
    defaultSeverity: spec.defaultSeverity,
    fixDescription: spec.fixDescription,
    *check(ctx) {
      for (const svc of servicesOf(ctx)) {
        const ref = svc.get([spec.key]);
        if (!ref) continue;
        const message = spec.message(svc, ref, ctx);
        if (message) yield atKey(svc, ref, message);
      }
    },
    fix: spec.fix,
  };
}
