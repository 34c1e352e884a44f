import type { ComposeContext } from '../../compose/context';
import { isOneShot } from '../../compose/facts';
import type { Rule } from '../../rule';
import { healthState, healthTemplate } from './stackFacts';
import { atKey, insertFix, missing, servicesOf, serviceOf } from './util';

export const healthcheckRequired: Rule<ComposeContext> = {
  id: 'healthcheck-required',
  kind: 'compose',
  title: 'Every long-running service has a healthcheck',
  rationale:
    'Without a healthcheck Docker only knows whether the process runs, not whether it answers: dependents start too early (`depends_on` cannot wait for `service_healthy`), a hung server stays "up", and nothing shows the failure. One-shot jobs (migrations, init) are exempt. Probes use 127.0.0.1, and tools the image actually has (Ollama\'s image has no curl or wget: `ollama list`).',
  defaultSeverity: 'warning',
  fixDescription:
    'Inserts a healthcheck chosen by image: `pg_isready -h 127.0.0.1` for Postgres, `redis-cli -h 127.0.0.1 ping` for Redis/Valkey, `ollama list` for Ollama, `mysqladmin ping`, `mongosh` ping, `celery inspect ping` for Celery workers, and a GET of `http://127.0.0.1:<container port>/health` for HTTP apps (Python\'s urllib for Python apps, wget otherwise), with interval 10s, timeout 5s, retries 5, start_period 30s.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const state = healthState(svc);
      if (state === 'present' || isOneShot(ctx.model, svc)) continue;
      const template = healthTemplate(svc);
      const hint = template ? ` (e.g. ${template.what})` : '';
      if (state === 'missing') yield missing(svc, `Service "${svc.name}" has no healthcheck: dependents cannot wait for it and a hung process looks healthy${hint}.`);
      else yield atKey(svc, svc.get(['healthcheck'])!, `The healthcheck of "${svc.name}" is disabled: dependents cannot wait for it and a hung process looks healthy.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const template = svc && healthState(svc) === 'missing' ? healthTemplate(svc) : undefined;
    if (!template) return undefined;
    return insertFix(ctx, finding, ['healthcheck'], template.value, `Add a healthcheck (${template.what})`, template.safe);
  },
};
