/** A model server's healthcheck that probes something other than "model loaded": wrong port, a 404 path, a key-guarded route. */
import type { ComposeContext } from '../../compose/context';
import { asStringList, envEntries } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { modelApi, type ModelApi } from '../shared/modelServers';
import { commandText } from '../shared/stackFacts';
import { vllmApiKey } from './vllmApiKeyScope';
import { atValue, servicesOf } from '../shared/util';

const DEFAULT_PORT: Record<ModelApi, number> = { vLLM: 8000, TGI: 80, TEI: 80, SGLang: 30000, Ollama: 11434 };

/** What to probe instead, per server (from each server's documentation). */
export const READY_PROBE: Record<ModelApi, string> = {
  vLLM: 'GET /health (vLLM binds its port only after the model is loaded; /health then says the engine is alive)',
  TGI: 'GET /health (200 once the shards are loaded and warmed up)',
  TEI: 'GET /health, or a TCP connect (the router binds only after loading the model; the image has no curl or wget)',
  SGLang: 'GET /health',
  Ollama: '`ollama list` (the image has no curl or wget; /api/tags is the same over HTTP)',
};

/** The port the server listens on inside the container, or undefined when a variable decides it. */
export function listeningPort(svc: ServiceView, api: ModelApi): number | undefined {
  if (api === 'Ollama') {
    const host = envEntries(svc).find((e) => e.name === 'OLLAMA_HOST')?.value;
    if (!host) return DEFAULT_PORT.Ollama;
    const m = host.match(/:(\d+)$/);
    return host.includes('$') ? undefined : m ? Number(m[1]) : DEFAULT_PORT.Ollama;
  }
  const flag = commandText(svc).match(/(?:^|\s)(?:--port|-p)(?:\s+|=)(\S+)/)?.[1];
  if (flag) return /^\d+$/.test(flag) ? Number(flag) : undefined;
  if (api === 'TGI' || api === 'TEI') {
    const env = envEntries(svc).find((e) => e.name === 'PORT')?.value;
    if (env) return /^\d+$/.test(env) ? Number(env) : undefined;
  }
  return DEFAULT_PORT[api];
}

interface Probe {
  port: number;
  path: string;
  /** The probe sends an Authorization header. */
  auth: boolean;
}

/** Loopback HTTP URLs and bash /dev/tcp connects in a healthcheck test. */
function probesIn(test: string): Probe[] {
  const auth = /authorization|bearer|api[-_]?key/i.test(test);
  const out: Probe[] = [];
  for (const m of test.matchAll(/https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"\\),;]*)?/g)) {
    out.push({ port: Number(m[1] ?? (m[0].startsWith('https') ? 443 : 80)), path: m[2] ?? '/', auth });
  }
  for (const m of test.matchAll(/\/dev\/tcp\/(?:127\.0\.0\.1|localhost)\/(\d+)/g)) out.push({ port: Number(m[1]), path: '', auth });
  return out;
}

export const modelServerReadiness: Rule<ComposeContext> = {
  id: 'model-server-readiness-probe',
  kind: 'compose',
  title: 'A model server\'s healthcheck probes the endpoint that means "model loaded"',
  rationale:
    'Dependents wait for `service_healthy`, so the probe must succeed exactly when the model can answer. vLLM binds its port only once the weights are loaded and answers GET /health while the engine is alive (https://docs.vllm.ai/en/latest/api/vllm/entrypoints/serve/instrumentator/health/); its `--api-key` guards /v1 routes, so a probe of /v1/models without an Authorization header gets 401 for ever (https://docs.vllm.ai/en/latest/usage/security.html). TGI answers GET /health once its shards are loaded and warmed up (https://huggingface.github.io/text-generation-inference/), TEI the same (https://huggingface.github.io/text-embeddings-inference/), and neither has a GET route at `/` (POST only), so probing `/` never succeeds. Ollama answers as soon as the server runs: `ollama list` (or GET /api/tags) is its probe, run with the CLI because the image has no curl or wget (https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models). A probe of another port than the one the server listens on (vLLM 8000, TGI and TEI 80 or PORT / --port, SGLang 30000, Ollama 11434 or OLLAMA_HOST) fails for ever: the container is marked unhealthy and its dependents never start.',
  defaultSeverity: 'warning',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const api = modelApi(svc);
      const test = svc.get(['healthcheck', 'test']);
      if (!api || !test || svc.get(['healthcheck', 'disable'])?.js === true) continue;
      const text = asStringList(test.js).join(' ');
      const port = listeningPort(svc, api);
      const key = api === 'vLLM' || api === 'TEI' || api === 'SGLang' ? (api === 'vLLM' ? vllmApiKey(svc) : /(^|\s)--api-key(\s|=)/.test(commandText(svc)) ? '--api-key' : undefined) : undefined;
      for (const probe of probesIn(text)) {
        if (port !== undefined && probe.port !== port) {
          yield atValue(svc, test, `The healthcheck of ${api} service "${svc.name}" probes port ${probe.port}, but the server listens on ${port} inside the container: the probe fails for ever and dependents never start. Probe ${READY_PROBE[api]} on ${port}.`, { kind: 'port' });
        } else if ((api === 'vLLM' || api === 'TGI' || api === 'TEI') && probe.path === '/') {
          yield atValue(svc, test, `The healthcheck of ${api} service "${svc.name}" probes GET /, which ${api} does not serve (404/405): it never succeeds. Probe ${READY_PROBE[api]}.`, { kind: 'path' });
        } else if (key && !probe.auth && /^\/v1\//.test(probe.path)) {
          yield atValue(svc, test, `The healthcheck of ${api} service "${svc.name}" probes ${probe.path} without the key that ${key} requires there: 401 for ever. Probe /health, which needs no key.`, { kind: 'auth' });
        } else continue;
        break; // one finding per healthcheck
      }
    }
  },
};
