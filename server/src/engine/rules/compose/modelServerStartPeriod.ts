/** A start_period shorter than a model server needs to load its weights. */
import { isScalar } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { durationSeconds } from '../../shared/duration';
import { envEntries } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import { modelApi } from '../shared/modelServers';
import { commandText } from '../shared/stackFacts';
import { atValue, serviceOf, servicesOf } from '../shared/util';

/** Loading weights (and, for vLLM, capturing CUDA graphs) takes at least this long even for small models. */
const MIN_SECONDS: Partial<Record<string, number>> = { vLLM: 60, TGI: 60, SGLang: 60, TEI: 30 };
/** Models of 30B parameters and more: 60 GB and more of 16-bit weights to read and place on the GPUs. */
const LARGE_MODEL_SECONDS = 300;
const LARGE_MODEL_BILLIONS = 30;

/** The model id the server loads (`--model`, `--model-id`, `vllm serve <id>`, MODEL_ID), when written literally. */
export function modelId(svc: ServiceView): string | undefined {
  const cmd = commandText(svc);
  const flag = cmd.match(/(?:^|\s)(?:--model-id|--model|--model-path)(?:\s+|=)([^\s$]+)/)?.[1] ?? cmd.match(/(?:^|\s)serve\s+([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)/)?.[1];
  if (flag) return flag;
  const env = envEntries(svc).find((e) => e.name === 'MODEL_ID')?.value;
  return env && !env.includes('$') ? env : undefined;
}

/** Parameters in billions named in a model id (`Llama-3.1-70B-Instruct` → 70, `Mixtral-8x7B` → 56). */
export function modelBillions(id: string): number | undefined {
  const moe = id.match(/(?:^|[^a-z0-9])(\d+)x(\d+(?:\.\d+)?)b(?![a-z])/i);
  if (moe) return Number(moe[1]) * Number(moe[2]);
  const m = [...id.matchAll(/(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z])/gi)].pop();
  return m ? Number(m[1]) : undefined;
}

export const modelServerStartPeriod: Rule<ComposeContext> = {
  id: 'model-server-start-period-short',
  kind: 'compose',
  title: 'Give vLLM, TGI, SGLang and TEI a healthcheck start_period that covers loading the model',
  rationale:
    'vLLM, TGI and SGLang answer their health endpoint only once the weights are downloaded, loaded on the GPU and (vLLM) CUDA graphs captured: a minute for a small model, several for a large one (vLLM: https://docs.vllm.ai/en/latest/deployment/docker.html; TGI shards and warms up before /health answers: https://huggingface.co/docs/text-generation-inference/reference/api_reference). TEI loads an embedding model in tens of seconds (30 s minimum here). A model of 30B parameters or more (named in `--model`/`--model-id`/MODEL_ID, e.g. `Llama-3.1-70B`) is 60 GB or more of 16-bit weights: reading them from the cache and placing them on the GPUs takes minutes, so the minimum is 300 s and the fix proposes 600 s. A start_period under these lets failed probes count during that load, so Docker marks the server unhealthy (dependents with `service_healthy` fail, rollouts roll back) before it could be ready. Compose healthcheck: https://docs.docker.com/reference/compose-file/services/#healthcheck. A missing start_period is model-app-start-period.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Sets start_period to 120s, or 600s for models of 30B parameters and more (a success still ends it early).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const api = modelApi(svc);
      let min = api && MIN_SECONDS[api];
      if (!min) continue;
      const ref = svc.get(['healthcheck', 'start_period']);
      if (!ref || svc.get(['healthcheck', 'disable'])?.js === true) continue;
      const id = modelId(svc);
      const billions = id ? modelBillions(id) : undefined;
      const large = api !== 'TEI' && billions !== undefined && billions >= LARGE_MODEL_BILLIONS;
      if (large) min = LARGE_MODEL_SECONDS;
      const s = durationSeconds(ref.js);
      if (s === undefined || s >= min) continue;
      const why = large ? `${id} has ${billions}B parameters: reading and placing its weights takes minutes (${min}s at least)` : `loading a model takes ${min}s even for small ones`;
      yield atValue(svc, ref, `start_period ${String(ref.js)} of ${api} service "${svc.name}" is shorter than loading the model takes (${why}): probes fail and count before it is ready. Use e.g. ${large ? '600s' : '120s'}, more for large models.`, { seconds: large ? '600s' : '120s' });
    }
  },
  fix(ctx, finding) {
    const ref = serviceOf(ctx, finding)?.get(['healthcheck', 'start_period']);
    if (!ref || ref.via || !isScalar(ref.node)) return undefined;
    const value = typeof finding.data?.seconds === 'string' ? finding.data.seconds : '120s';
    return { title: `Set start_period: ${value}`, edits: [replaceScalar(ref.file, ref.node, value)], safe: true };
  },
};
