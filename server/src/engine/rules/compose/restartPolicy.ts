import type { ComposeContext } from '../../compose/context';
import { isOneShot, perService } from '../../compose/facts';
import type { ValueRef } from '../../compose/model';
import { isScalar, replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atValue, insertFix, missing, serviceOf, servicesOf } from '../shared/util';

const MAX_RETRIES = 5;

function onFailureCount(js: unknown): number | undefined {
  const m = typeof js === 'string' ? js.trim().match(/^on-failure:(\d+)$/) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * What the service's own restart settings say (remembered per service: whether a service without
 * one is a one-shot job depends on the others): undefined when it has none, else its retry counts
 * above the limit.
 */
const restartPolicyOf = perService((svc) => {
  const restart = svc.get(['restart']);
  const policy = svc.get(['deploy', 'restart_policy']);
  if (!restart && !policy) return undefined;
  const out: { ref: ValueRef; message: string; kind: 'restart' | 'attempts' }[] = [];
  const count = onFailureCount(restart?.js);
  if (restart && count !== undefined && count > MAX_RETRIES) {
    out.push({ ref: restart, message: `Service "${svc.name}" retries ${count} times (${String(restart.js)}): more than ${MAX_RETRIES} hides a crash loop.`, kind: 'restart' });
  }
  const attempts = svc.get(['deploy', 'restart_policy', 'max_attempts']);
  const condition = svc.get(['deploy', 'restart_policy', 'condition'])?.js;
  if (attempts && (condition == null || condition === 'on-failure') && Number(attempts.js) > MAX_RETRIES) {
    out.push({ ref: attempts, message: `Service "${svc.name}" retries ${String(attempts.js)} times: more than ${MAX_RETRIES} hides a crash loop.`, kind: 'attempts' });
  }
  return out;
});

export const restartPolicy: Rule<ComposeContext> = {
  id: 'restart-policy',
  kind: 'compose',
  title: 'Set a restart policy',
  rationale:
    'Without a restart policy a service that crashes, or is killed by the OOM killer, stays down until someone notices; after a host reboot nothing comes back. One-shot jobs are exempt (a restart would run them again): a service another waits on with `service_completed_successfully`, `restart: "no"`, an init/migrate/setup/seed name, or a command that ends with a finishing command (`sh -c "sleep 3; ollama pull llama3.2"`, a download, a migration, `mc mb`…). Unbounded on-failure retries hide a crash loop: keep them at 5 or fewer.',
  defaultSeverity: 'info',
  reportsAbsence: true,
  fixDescription: `Inserts \`restart: unless-stopped\`; lowers \`on-failure:N\` / \`max_attempts\` above ${MAX_RETRIES} to ${MAX_RETRIES}.`,
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const policy = restartPolicyOf(svc);
      if (!policy) {
        if (!isOneShot(ctx.model, svc)) yield missing(svc, `Service "${svc.name}" has no restart policy: if it crashes it stays down.`, { kind: 'missing' });
        continue;
      }
      for (const p of policy) yield atValue(svc, p.ref, p.message, { kind: p.kind });
    }
  },
  fix(ctx, finding) {
    const kind = finding.data?.kind;
    if (kind === 'missing') return insertFix(ctx, finding, ['restart'], 'unless-stopped', 'Add restart: unless-stopped');
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(kind === 'restart' ? ['restart'] : ['deploy', 'restart_policy', 'max_attempts']);
    if (!ref || ref.via || !isScalar(ref.node)) return undefined;
    const title = `Retry at most ${MAX_RETRIES} times`;
    if (kind === 'restart') return { title, edits: [replaceScalar(ref.file, ref.node, `on-failure:${MAX_RETRIES}`)], safe: true };
    // max_attempts is a number: replace the text as is (replaceScalar would quote a digit string).
    const { start, end } = ref.file.rangeOf(ref.node);
    return { title, edits: [{ file: ref.file.path, range: { start, end }, newText: String(MAX_RETRIES) }], safe: true };
  },
};
