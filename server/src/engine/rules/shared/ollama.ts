/** Ollama service facts: GPU intent and the model directory. */
import type { ComposeContext } from '../../compose/context';
import type { ServiceView } from '../../compose/model';
import { envEntries } from '../../compose/facts';

export const OLLAMA_HOME = '/root/.ollama';

/** Where Ollama keeps models: $OLLAMA_MODELS when set literally, else /root/.ollama. */
export function ollamaModelsDir(svc: ServiceView): string {
  const v = envEntries(svc).find((e) => e.name === 'OLLAMA_MODELS')?.value;
  return v && v.startsWith('/') && !v.includes('$') ? v : OLLAMA_HOME;
}

/** The file, a profile, the service name or its environment says it is meant to run on a GPU. */
export function wantsGpu(ctx: ComposeContext, svc: ServiceView): string | undefined {
  const base = ctx.file.path.split(/[\\/]/).pop() ?? '';
  if (/gpu|nvidia|cuda/i.test(base)) return `the file is named ${base}`;
  const profiles = svc.get(['profiles'])?.js;
  const gpuProfile = Array.isArray(profiles) ? profiles.map(String).find((p) => /gpu|nvidia|cuda/i.test(p)) : undefined;
  if (gpuProfile) return `it is in the "${gpuProfile}" profile`;
  if (/gpu|nvidia|cuda/i.test(svc.name)) return `its name is ${svc.name}`;
  const env = envEntries(svc).find((e) => /^(NVIDIA_VISIBLE_DEVICES|NVIDIA_DRIVER_CAPABILITIES|CUDA_VISIBLE_DEVICES)$|^OLLAMA_.*GPU/.test(e.name));
  if (env) return `it sets ${env.name}`;
  return undefined;
}

/**
 * The Ollama image run as a client: its command pulls or runs a model (`ollama pull x`) against a
 * server elsewhere and never starts `ollama serve`. Such a one-shot job needs no GPU and no limits.
 */
export function isOllamaClient(svc: ServiceView): boolean {
  const text = [svc.get(['entrypoint'])?.js, svc.get(['command'])?.js].flat().filter((x) => x != null).map(String).join(' ');
  return /\bollama\s+(pull|run|create|push|cp|rm|list|ps|show|stop)\b/.test(text) && !/\bollama\s+serve\b/.test(text);
}
