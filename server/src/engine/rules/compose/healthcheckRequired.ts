import type { ComposeContext } from '../../compose/context';
import { isConsole, isOneShot } from '../../compose/facts';
import type { Rule } from '../../rule';
import { dockerfileRelated, effectiveHealth, perServiceImage, serviceImage } from '../shared/serviceImage';
import { healthTemplate } from '../shared/stackFacts';
import { atKey, insertFix, missing, servicesOf, serviceOf } from '../shared/util';

/**
 * The service has no healthcheck (nor its image) or has it disabled, and is no console: what a
 * finding says, unless it is a one-shot job (which other services tell, so asked by the check).
 */
const healthProblem = perServiceImage((model, svc) => {
  const state = effectiveHealth(model, svc);
  if (state === 'present' || state === 'image' || isConsole(svc)) return undefined;
  if (state === 'disabled') return { state, message: `The healthcheck of "${svc.name}" is disabled: dependents cannot wait for it and a hung process looks healthy.`, related: [] };
  const image = serviceImage(model, svc);
  const template = healthTemplate(svc, image);
  const hint = template ? ` (e.g. ${template.what})` : '';
  const where = image?.build ? ` (${image.build.healthcheck ? `${image.label} disables it with HEALTHCHECK NONE` : `nor does ${image.label}`})` : '';
  const related = dockerfileRelated(image, 'healthcheck', image?.build?.healthcheck ? 'HEALTHCHECK NONE here' : 'a HEALTHCHECK in this stage also fixes it');
  return { state, message: `Service "${svc.name}" has no healthcheck${where}: dependents cannot wait for it and a hung process looks healthy${hint}.`, related };
});

export const healthcheckRequired: Rule<ComposeContext> = {
  id: 'healthcheck-required',
  kind: 'compose',
  title: 'Every long-running service has a healthcheck',
  rationale:
    'Without a healthcheck Docker only knows whether the process runs, not whether it answers: dependents start too early (`depends_on` cannot wait for `service_healthy`), a hung server stays "up", and nothing shows the failure. One-shot jobs are exempt: a service another waits on with `service_completed_successfully`, `restart: "no"`, an init/migrate/setup/seed name, or a command that ends with a finishing command (`ollama pull`, a download, a migration, `mc mb`…). So is an interactive console (`stdin_open` + `tty`, no port): nothing listens, nothing to probe. A HEALTHCHECK the image already has counts: in the Dockerfile a `build:` names (the stage `target:` selects, or the final one, with the stages it is built FROM), or in a registry image the image-facts table knows (also the image `image:` names beside a `build:` whose Dockerfile cannot be read: the build is tagged as that image). Probes use 127.0.0.1, the image\'s real readiness command or endpoint, and tools the image actually has (Ollama\'s and Qdrant\'s images have no curl or wget); database, broker and gRPC ports are never probed over HTTP.',
  defaultSeverity: 'warning',
  reportsAbsence: true,
  fixDescription:
    'Inserts a healthcheck chosen by image: `pg_isready -h 127.0.0.1` for Postgres, `redis-cli -h 127.0.0.1 ping` for Redis/Valkey, `ollama list` for Ollama, `mysqladmin ping`, `mongosh` ping, `celery inspect ping` for Celery workers, the readiness probe the image-facts table gives for other known images (Prometheus `/-/ready`, Grafana `/api/health`, ClickHouse `/ping`, MinIO `mc ready local`, RabbitMQ `rabbitmq-diagnostics ping`, a bash TCP check for Qdrant…), and a GET of `http://127.0.0.1:<container port>/health` for HTTP apps on the first port (compose `ports`/`expose`, then the Dockerfile\'s EXPOSE) that is not a database, broker or gRPC port (Python\'s urllib for Python apps or bases, Node\'s fetch for Node bases, curl where the image has curl but no wget, wget otherwise; no fix when the image has no probe tool), with interval 10s, timeout 5s, retries 5, start_period 30s.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const problem = healthProblem(ctx.model, svc);
      if (!problem || isOneShot(ctx.model, svc)) continue;
      if (problem.state === 'missing') {
        const draft = missing(svc, problem.message);
        yield problem.related.length ? { ...draft, related: problem.related } : draft;
      } else yield atKey(svc, svc.get(['healthcheck'])!, problem.message);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const template = svc && effectiveHealth(ctx.model, svc) === 'missing' ? healthTemplate(svc, serviceImage(ctx.model, svc)) : undefined;
    if (!template) return undefined;
    return insertFix(ctx, finding, ['healthcheck'], template.value, `Add a healthcheck (${template.what})`, template.safe);
  },
};
