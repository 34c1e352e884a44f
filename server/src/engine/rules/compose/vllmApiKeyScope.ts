/** vLLM's --api-key does not make a port published beyond the loopback private. */
import type { ComposeContext } from '../../compose/context';
import { envEntries, isLoopbackHostIp, portSpecs, WILDCARD_HOST_IPS } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { modelApi } from '../shared/modelServers';
import { commandText } from '../shared/stackFacts';
import { atValue, servicesOf } from '../shared/util';


/** How the vLLM service is given an API key, or undefined. */
export function vllmApiKey(svc: ServiceView): string | undefined {
  if (/(^|\s)--api-key(\s|=)/.test(commandText(svc))) return '--api-key';
  return envEntries(svc).some((e) => e.name === 'VLLM_API_KEY' && e.value) ? 'VLLM_API_KEY' : undefined;
}

export const vllmApiKeyScope: Rule<ComposeContext> = {
  id: 'vllm-api-key-scope',
  kind: 'compose',
  title: 'vLLM\'s --api-key is not what protects a reachable vLLM',
  rationale:
    'vLLM checks `--api-key` (or VLLM_API_KEY) only for endpoints under /v1, /v2, /inference and /cohere; /invocations (the same inference), /tokenize, /pooling, /score, /pause, /abort_requests and others stay open on the same port, and the vLLM security guide says not to rely on the key alone (https://docs.vllm.ai/en/latest/usage/security.html). A key therefore does not make a port published on a LAN address, or a vLLM on the host network, private. What protects it: no published port (consumers reach it on the compose network), or a reverse proxy that authenticates and allowlists the /v1 routes in front of a 127.0.0.1-bound port. Ports published on every interface are reported by model-api-all-interfaces.',
  defaultSeverity: 'warning',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (modelApi(svc) !== 'vLLM') continue;
      const key = vllmApiKey(svc);
      if (!key) continue;
      for (const port of portSpecs(svc)) {
        const ip = port.hostIp;
        if (ip === undefined || WILDCARD_HOST_IPS.has(ip) || isLoopbackHostIp(ip)) continue; // all interfaces: model-api-all-interfaces
        yield atValue(svc, port.ref, `vLLM port ${port.published ?? port.target} of "${svc.name}" is published on ${ip} with only ${key} to guard it: the key covers /v1 routes, not /invocations, /tokenize, /pause or /metrics. Drop the published port, or bind it to 127.0.0.1 behind a proxy that authenticates.`);
      }
      const mode = svc.get(['network_mode']);
      if (typeof mode?.js === 'string' && mode.js.trim().toLowerCase() === 'host' && !/--host(\s+|=)(127\.0\.0\.1|localhost)\b/.test(commandText(svc))) {
        yield atValue(svc, mode, `"${svc.name}" runs vLLM on the host network, listening on every interface, with only ${key} to guard it: the key covers /v1 routes, not /invocations, /tokenize, /pause or /metrics. Use a compose network, or --host 127.0.0.1 behind a proxy that authenticates.`);
      }
    }
  },
};
