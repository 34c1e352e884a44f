import type { ComposeContext } from '../../compose/context';
import { imageOf, isOllama } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { atKey, insertFix, serviceOf, servicesOf } from '../shared/util';

const MODEL_SERVER_IMAGE = /(^|\/)(vllm-openai|vllm|text-generation-inference|text-embeddings-inference|tritonserver|llama\.cpp|localai|xinference|sglang|lmdeploy|ollama)$|^michaelf34\/infinity$/i;
// Names that point at weights loaded at start-up (TGI's MODEL_ID, paths, Hugging Face ids), not
// MODEL_NAME-style choices of a remote API's model.
const MODEL_ENV = /^(MODEL_(ID|PATH|DIR)|HF_MODEL(_ID)?|MODEL_LOAD[A-Z_]*)$/;

/** Why the service loads a model at start-up, or undefined. */
export function loadsModel(svc: ServiceView): string | undefined {
  const image = imageOf(svc);
  if (image && (isOllama(image) || MODEL_SERVER_IMAGE.test(image.repository))) return `its image ${image.repository} is a model server`;
  const env = svc.get(['environment'])?.js;
  const names = Array.isArray(env) ? env.map((e) => String(e).split('=')[0]) : env && typeof env === 'object' ? Object.keys(env) : [];
  const hit = names.find((n) => MODEL_ENV.test(n));
  if (hit) return `it sets ${hit}`;
  const command = [svc.get(['command'])?.js, svc.get(['entrypoint'])?.js].flat().filter((x) => x != null).map(String).join(' ');
  if (/(^|\s)--model(\s|=|$)|(^|\s)--model-id(\s|=)/.test(command)) return 'its command passes --model';
  return undefined;
}

export const modelAppStartPeriod: Rule<ComposeContext> = {
  id: 'model-app-start-period',
  kind: 'compose',
  title: 'A service that loads a model gives its healthcheck a start_period',
  rationale:
    'Loading model weights takes from seconds to minutes, and the service answers nothing meanwhile. Without start_period every failed probe counts, so after `retries` × `interval` Docker marks it unhealthy: dependents with `service_healthy` give up, a restart policy or orchestrator may kill it mid-load, and an update without downtime rolls the new version back before it could ever be ready. start_period lets probes fail without counting until the load is done (a success ends it early).',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Adds `start_period: 120s` to the healthcheck.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const health = svc.get(['healthcheck']);
      if (!health || typeof health.js !== 'object' || health.js === null) continue;
      const h = health.js as Record<string, unknown>;
      if (h.disable === true || h.test === undefined || h.start_period !== undefined) continue;
      const why = loadsModel(svc);
      if (!why) continue;
      yield atKey(svc, health, `The healthcheck of "${svc.name}" has no start_period although it loads a model (${why}): probes during the load count as failures and it is marked unhealthy before it is ready. Add start_period (e.g. 120s) covering the load.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc || svc.get(['healthcheck', 'start_period'])) return undefined;
    return insertFix(ctx, finding, ['healthcheck', 'start_period'], '120s', 'Add start_period: 120s to the healthcheck');
  },
};
