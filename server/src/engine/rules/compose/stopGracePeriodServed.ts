import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { durationSeconds } from '../../shared/duration';
import { proxyOf, servedApps } from '../shared/rolloutFacts';
import { atValue, insertFix, missing, serviceOf } from '../shared/util';

const MIN_SECONDS = 15;

/** stop_grace_period in seconds (one duration parser for rules and tasks: shared/duration.ts). */
export const graceSeconds = durationSeconds;

export const stopGracePeriodServed: Rule<ComposeContext> = {
  id: 'stop-grace-period-served',
  kind: 'compose',
  title: 'An app behind the proxy has a stop_grace_period long enough to drain requests',
  rationale: `When an update stops the old container, Docker sends SIGTERM and kills the process after stop_grace_period (default 10 s). Requests still in flight then — a slow LLM answer, a streamed response, a long upload — are cut off. Give apps behind a reverse proxy at least ${MIN_SECONDS} s (the example uses 35 s with gunicorn --graceful-timeout 30), and make the app finish requests on SIGTERM; \`ai-stack deploy --strategy\` waits this long for the old container (docs/deploy.md).`,
  defaultSeverity: 'info',
  reportsAbsence: true,
  fixDescription: 'Adds `stop_grace_period: 30s`.',
  *check(ctx) {
    for (const svc of servedApps(ctx)) {
      const ref = svc.get(['stop_grace_period']);
      if (!ref) {
        yield missing(svc, `"${svc.name}" is served through "${proxyOf(ctx, svc)}" but has no stop_grace_period: on an update Docker kills it 10 s after SIGTERM, cutting off requests still in flight. Set one (e.g. 30s) that covers your slowest request.`);
        continue;
      }
      const s = graceSeconds(ref.js);
      if (s !== undefined && s < MIN_SECONDS) {
        yield atValue(svc, ref, `stop_grace_period ${ref.js} of "${svc.name}" (served through "${proxyOf(ctx, svc)}") is shorter than ${MIN_SECONDS} s: requests in flight when an update stops it are cut off.`);
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc || svc.get(['stop_grace_period'])) return undefined;
    return insertFix(ctx, finding, ['stop_grace_period'], '30s', 'Add stop_grace_period: 30s');
  },
};
