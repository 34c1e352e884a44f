/**
 * The healthcheck rule as Swarm needs it: the same services, the same probes and fix as
 * healthcheck-required (which is silenced for swarm), with what a missing check costs on a swarm.
 */
import type { ComposeContext } from '../../../compose/context';
import type { Rule } from '../../../rule';
import { healthcheckRequired } from '../healthcheckRequired';
import { SWARM_SOURCES } from './sources';
import { deployMode } from './swarmFacts';

export const swarmHealthcheckReplicated: Rule<ComposeContext> = {
  id: 'swarm-healthcheck-replicated',
  kind: 'compose',
  targets: ['swarm'],
  title: 'A healthcheck on every long-running Swarm service',
  rationale: `With a healthcheck a Swarm task counts as running only once the check passes; without one it is up the moment its process starts, before it listens (${SWARM_SOURCES.serviceCreate}). Rolling updates wait for that state before the next task (${SWARM_SOURCES.rollingUpdate}): without a healthcheck an update with \`failure_action: rollback\` never sees a broken version to roll back from, start-first sends traffic to a task that cannot answer yet, and a hung task is never replaced. Every long-running service needs one (in the compose file or the image); one-shot jobs are exempt. The probes and the fix are those of healthcheck-required.`,
  defaultSeverity: 'warning',
  fixDescription: healthcheckRequired.fixDescription,
  *check(ctx) {
    for (const draft of healthcheckRequired.check(ctx)) {
      const svc = draft.service ? ctx.model.service(draft.service) : undefined;
      if (svc && deployMode(svc).endsWith('-job')) continue;
      const disabled = /is disabled/.test(draft.message);
      const message = `${disabled ? `The healthcheck of "${draft.service}" is disabled` : `Service "${draft.service}" has no healthcheck`}: Swarm counts each task as up when its process starts, so a rolling update cannot see a broken version and never rolls back.`;
      yield { ...draft, message };
    }
  },
  fix: (ctx, finding) => healthcheckRequired.fix?.(ctx, { ...finding, ruleId: healthcheckRequired.id }),
};
