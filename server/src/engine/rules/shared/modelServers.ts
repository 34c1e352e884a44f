/** Model servers whose HTTP API the AI-serving rules know (kept free of rule imports: generic port rules import it). */
import { envEntries, imageOf, isOllama, portSpecs, type PortSpec, WILDCARD_HOST_IPS } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';

export type ModelApi = 'Ollama' | 'vLLM' | 'TGI' | 'TEI' | 'SGLang';

const APIS: [RegExp, ModelApi][] = [
  [/(^|\/)(vllm-openai|vllm|vllm-tpu|vllm-cpu|vllm-rocm)$/i, 'vLLM'],
  [/(^|\/)text-generation-inference$/i, 'TGI'],
  [/(^|\/)text-embeddings-inference$/i, 'TEI'],
  [/(^|\/)sglang$/i, 'SGLang'],
];

export function modelApi(svc: ServiceView): ModelApi | undefined {
  const image = imageOf(svc);
  if (!image) return undefined;
  if (isOllama(image)) return 'Ollama';
  return APIS.find(([re]) => re.test(image.repository))?.[1];
}


/** Ports of the service published on every interface (no host IP, or a wildcard one). */
export function allInterfacePorts(svc: ServiceView): { index: number; port: PortSpec }[] {
  return portSpecs(svc)
    .map((port, index) => ({ port, index }))
    .filter(({ port }) => port.hostIp === undefined || WILDCARD_HOST_IPS.has(port.hostIp));
}

/** The model-api-all-interfaces rule reports this service's all-interface ports (generic port rules skip it). */
export function isExposedModelApi(svc: ServiceView): boolean {
  return modelApi(svc) !== undefined;
}

/** `OLLAMA_HOST` written as a wildcard address (`0.0.0.0`, `0.0.0.0:11434`, `[::]`), or undefined. */
export function ollamaHostWildcard(svc: ServiceView) {
  const e = envEntries(svc).find((x) => x.name === 'OLLAMA_HOST');
  const v = e?.value?.replace(/^https?:\/\//, '') ?? '';
  return e && /^(0\.0\.0\.0|\[?::\]?)(:\d+)?$/.test(v) ? e : undefined;
}
