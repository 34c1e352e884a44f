/** A start_period shorter than a model server needs to load its weights. */
import { isScalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { durationSeconds } from '../../shared/duration';
import { modelApi } from './modelServers';
import { atValue, serviceOf, servicesOf } from './util';

/** Loading weights (and, for vLLM, capturing CUDA graphs) takes at least this long even for small models. */
const MIN_SECONDS: Partial<Record<string, number>> = { vLLM: 60, TGI: 60, SGLang: 60 };

export const modelServerStartPeriod: Rule<ComposeContext> = {
  id: 'model-server-start-period-short',
  kind: 'compose',
  title: 'Give vLLM, TGI and SGLang a healthcheck start_period that covers loading the model',
  rationale:
    'vLLM, TGI and SGLang answer their health endpoint only once the weights are downloaded, loaded on the GPU and (vLLM) CUDA graphs captured: a minute for a small model, several for a large one (vLLM: https://docs.vllm.ai/en/latest/deployment/docker.html; TGI shards and warms up before /health answers: https://huggingface.co/docs/text-generation-inference/reference/api_reference). A start_period under 60 s lets failed probes count during that load, so Docker marks the server unhealthy (dependents with `service_healthy` fail, rollouts roll back) before it could be ready. Compose healthcheck: https://docs.docker.com/reference/compose-file/services/#healthcheck. A missing start_period is model-app-start-period.',
  defaultSeverity: 'warning',
  fixDescription: 'Sets start_period to 120s (a success still ends it early).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const api = modelApi(svc);
      const min = api && MIN_SECONDS[api];
      if (!min) continue;
      const ref = svc.get(['healthcheck', 'start_period']);
      if (!ref || svc.get(['healthcheck', 'disable'])?.js === true) continue;
      const s = durationSeconds(ref.js);
      if (s === undefined || s >= min) continue;
      yield atValue(svc, ref, `start_period ${String(ref.js)} of ${api} service "${svc.name}" is shorter than loading a model takes (${min}s even for small ones): probes fail and count before it is ready. Use e.g. 120s, more for large models.`);
    }
  },
  fix(ctx, finding) {
    const ref = serviceOf(ctx, finding)?.get(['healthcheck', 'start_period']);
    if (!ref || ref.via || !isScalar(ref.node)) return undefined;
    return { title: 'Set start_period: 120s', edits: [replaceScalar(ref.file, ref.node, '120s')], safe: true };
  },
};
