/** Hugging Face model caches of vLLM, TGI, TEI and SGLang kept on a volume (Ollama: ollama-model-volume). */
import path from 'node:path';
import { isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, volumeSpecs } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import { appendItem, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { combineEdits, missing, serviceOf, servicesOf, topLevelEntry } from '../shared/util';

const HF_CACHE = '/root/.cache/huggingface';
const SERVERS: [RegExp, string, string][] = [
  [/(^|\/)(vllm-openai|vllm|vllm-tpu|vllm-cpu|vllm-rocm)$/i, 'vLLM', HF_CACHE],
  [/(^|\/)sglang$/i, 'SGLang', HF_CACHE],
  // TGI and TEI images set HUGGINGFACE_HUB_CACHE / HF_HOME to /data.
  [/(^|\/)text-generation-inference$/i, 'TGI', '/data'],
  [/(^|\/)text-embeddings-inference$/i, 'TEI', '/data'],
];

function literalAbs(v: string | null | undefined): string | undefined {
  return v && v.startsWith('/') && !v.includes('$') ? v : undefined;
}

function args(svc: ServiceView): string[] {
  return [svc.get(['entrypoint'])?.js, svc.get(['command'])?.js].flatMap((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s+/) : []));
}

function flag(list: string[], names: string[]): string | undefined {
  for (let i = 0; i < list.length; i++) {
    const [k, v] = list[i].split(/=(.*)/s);
    if (names.includes(k)) return v ?? list[i + 1];
  }
  return undefined;
}

/** The server and where it downloads weights, or undefined (not a model server, or it loads a local path). */
export function modelCache(svc: ServiceView): { server: string; dir: string } | undefined {
  const repo = imageOf(svc)?.repository;
  const hit = repo ? SERVERS.find(([re]) => re.test(repo)) : undefined;
  if (!hit) return undefined;
  const env = new Map(envEntries(svc).map((e) => [e.name, e.value]));
  const argv = args(svc);
  // A model given as an absolute path is read from a mount, not downloaded.
  const serve = argv.indexOf('serve');
  const positional = serve >= 0 ? argv[serve + 1] : argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  const model = flag(argv, ['--model', '--model-id', '--model-path']) ?? env.get('MODEL_ID') ?? positional;
  if (literalAbs(model ?? undefined)) return undefined;
  const dir =
    literalAbs(flag(argv, ['--download-dir', '--huggingface-hub-cache'])) ??
    literalAbs(env.get('HF_HUB_CACHE')) ??
    literalAbs(env.get('HUGGINGFACE_HUB_CACHE')) ??
    literalAbs(env.get('HF_HOME')) ??
    hit[2];
  return { server: hit[1], dir: path.posix.normalize(dir).replace(/(.)\/+$/, '$1') };
}

function covers(target: string, dir: string): boolean {
  const t = path.posix.normalize(target).replace(/(.)\/+$/, '$1');
  return dir === t || dir.startsWith(t + '/') || t.startsWith(dir + '/');
}

export const modelCacheVolume: Rule<ComposeContext> = {
  id: 'model-cache-volume',
  kind: 'compose',
  title: 'Keep the Hugging Face model cache of vLLM, TGI, TEI and SGLang on a volume',
  rationale:
    'These servers download the weights (gigabytes) into the Hugging Face cache: vLLM and SGLang into ~/.cache/huggingface (or $HF_HOME, --download-dir), TGI and TEI into /data. Without a mount there, every recreate downloads the model again and the service is not ready until it has (or fails when the Hub is unreachable or rate-limits). vLLM mounts `~/.cache/huggingface` (https://docs.vllm.ai/en/latest/deployment/docker.html), TGI and TEI mount a volume at `/data` (https://huggingface.co/docs/text-generation-inference/quicktour, https://huggingface.co/docs/text-embeddings-inference/quick_tour). Ollama\'s model directory is ollama-model-volume.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Adds `hf-cache:<cache dir>` to the service\'s volumes and `hf-cache: {}` to the top-level `volumes:`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const cache = modelCache(svc);
      if (!cache) continue;
      const kept = volumeSpecs(svc).some((v) => v.source && v.type !== 'tmpfs' && covers(v.target, cache.dir));
      if (!kept) yield missing(svc, `${cache.server} service "${svc.name}" keeps its model cache (${cache.dir}) in the container: the weights are downloaded again after every recreate. Mount a volume there.`, { dir: cache.dir });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const dir = String(finding.data?.dir ?? HF_CACHE);
    const top = topLevelEntry(ctx, 'volumes', 'hf-cache');
    if (!top.ok) return undefined;
    const own = svc.get(['volumes']);
    const mount = `hf-cache:${dir}`;
    let edit;
    if (!own) edit = setPath(svc.file, svc.node, ['volumes'], [mount]);
    else if (!own.via && isSeq(own.node)) edit = appendItem(own.file, own.node, mount);
    if (!edit) return undefined;
    return { title: `Keep the model cache in the volume hf-cache (${dir})`, edits: combineEdits([edit, top.edit]), safe: true };
  },
};
