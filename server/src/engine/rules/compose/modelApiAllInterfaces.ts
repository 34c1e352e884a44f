/** Model APIs (Ollama, vLLM, TGI, TEI, SGLang) reachable on every interface of the host. */
import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { allInterfacePorts, modelApi, ModelApi, ollamaHostWildcard } from '../shared/modelServers';
import { portHostIpRequired } from './portHostIpRequired';
import { portNoWildcardBind } from './portNoWildcardBind';
import { atValue, servicesOf } from '../shared/util';

const WHY: Record<ModelApi, string> = {
  Ollama: 'Ollama has no authentication: whoever reaches it can run, pull and delete models',
  vLLM: 'vLLM\'s --api-key only guards the /v1 routes (other endpoints such as /tokenize, /metrics, /pooling stay open), and without it nothing is guarded',
  TGI: 'TGI has no authentication of its own',
  TEI: 'TEI serves without authentication unless --api-key is set',
  SGLang: 'SGLang serves without authentication unless --api-key is set, and exposes admin endpoints',
};

export const modelApiAllInterfaces: Rule<ComposeContext> = {
  id: 'model-api-all-interfaces',
  kind: 'compose',
  title: 'Do not publish a model server\'s API on every interface',
  rationale:
    'Ollama, vLLM, TGI, TEI and SGLang are inference servers, not internet-facing gateways: Ollama has no authentication at all (https://github.com/ollama/ollama/blob/main/docs/faq.md#how-can-i-expose-ollama-on-my-network — exposing it is left to a proxy), vLLM\'s `--api-key` applies only to the /v1 OpenAI routes (https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html and https://docs.vllm.ai/en/latest/usage/security.html: "not a complete security solution", put it behind a reverse proxy), and TGI has none. A port without a host IP (or with 0.0.0.0 / ::) is open on every interface, past ufw (https://docs.docker.com/engine/network/packet-filtering-firewalls/); with `network_mode: host`, `OLLAMA_HOST=0.0.0.0` does the same. What protects it: no published port (other services reach it on the compose network), or 127.0.0.1 with an authenticating reverse proxy in front. (For these services this rule replaces port-host-ip-required and port-no-wildcard-bind.)',
  defaultSeverity: 'error',
  scope: 'service',
  fixDescription: 'Binds the port to `127.0.0.1` (as port-host-ip-required / port-no-wildcard-bind do).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const api = modelApi(svc);
      if (!api) continue;
      const host = api === 'Ollama' ? ollamaHostWildcard(svc) : undefined;
      for (const { index, port } of allInterfacePorts(svc)) {
        const shown = port.published ? `${port.published}:${port.target}` : port.target;
        const where = port.hostIp ? `bound to ${port.hostIp}` : 'published without a host IP';
        yield atValue(svc, port.ref, `${api} API port ${shown} of "${svc.name}" is ${where}, i.e. on every interface: ${WHY[api]}. Drop the published port (other services use the compose network) or bind it to 127.0.0.1 behind an authenticating proxy.`, { index, wildcard: port.hostIp !== undefined });
      }
      const mode = svc.get(['network_mode'])?.js;
      if (host && typeof mode === 'string' && mode.trim().toLowerCase() === 'host') {
        yield { service: svc.name, file: host.ref.file.path, range: host.range, data: { env: true }, message: `"${svc.name}" runs on the host network with OLLAMA_HOST=${host.value}: the Ollama API listens on every interface of the host, and ${WHY.Ollama}. Use 127.0.0.1 or a compose network.` };
      }
    }
  },
  fix(ctx, finding) {
    if (finding.data?.env || finding.data?.index === undefined) return undefined;
    const fix = (finding.data.wildcard ? portNoWildcardBind : portHostIpRequired).fix?.(ctx, finding);
    return fix ? { ...fix } : undefined;
  },
};
