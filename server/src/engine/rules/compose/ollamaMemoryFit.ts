/** Ollama on the CPU whose known models cannot fit in its memory limit. */
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, isOllama, perService } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { hasGpuAccess } from '../shared/gpu';
import { parseBytes } from './modelServerShmSize';
import { isOllamaClient } from '../shared/ollama';
import { commandText } from '../shared/stackFacts';
import { atValue, servicesOf } from '../shared/util';

/** Bits per weight at least, by quantization in the tag; Ollama library tags default to 4-bit (Q4_K_M). */
const BITS: [RegExp, number][] = [[/(^|[-_])(fp16|f16|bf16)($|[-_])/i, 16], [/(^|[-_])q8/i, 8], [/(^|[-_])q6/i, 6], [/(^|[-_])q5/i, 5], [/(^|[-_])q4/i, 4], [/(^|[-_])q3/i, 3], [/(^|[-_])q2/i, 2]];

/** Lower bound of a model's weights in bytes from an Ollama name (`llama3.1:70b`, `qwen2.5:7b-instruct-q8_0`), or undefined when the tag names no size. */
export function ollamaModelBytes(name: string): number | undefined {
  const tag = name.split(':')[1];
  if (!tag) return undefined;
  const size = tag.match(/(?:^|[-_])(\d+(?:\.\d+)?)b(?=$|[-_])/i) ?? tag.match(/^(\d+)x(\d+(?:\.\d+)?)b/i);
  if (!size) return undefined;
  const billions = size.length > 2 && size[2] ? Number(size[1]) * Number(size[2]) : Number(size[1]);
  const bits = BITS.find(([re]) => re.test(tag))?.[1] ?? 4;
  return (billions * 1e9 * bits) / 8;
}

/** Compose memory size (`4g`, `512m`, `2GiB`, bytes) in bytes: the parser model-server-shm-size uses. */
export const memoryBytes = parseBytes;

function modelsIn(text: string): string[] {
  return [...text.matchAll(/\bollama\s+(?:pull|run)\s+([A-Za-z0-9_./-]+:[A-Za-z0-9_.-]+)/g)].map((m) => m[1]);
}

/**
 * Models that `ollama pull` clients pull, by the server they name (`OLLAMA_HOST=ollama:11434`), computed
 * once per check; '' holds the models of clients that name no host (they go to the only server, if one).
 */
function clientModels(ctx: ComposeContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const svc of servicesOf(ctx)) {
    if (ollamaRole(svc) !== 'client') continue;
    const { hosts, models } = pulls(svc);
    for (const host of hosts) out.set(host, [...(out.get(host) ?? []), ...models]);
  }
  return out;
}

/** The Ollama image run as a server or as a client (remembered per service, like the facts below). */
const ollamaRole = perService((svc) => (!isOllama(imageOf(svc)) ? undefined : isOllamaClient(svc) ? 'client' : 'server'));

/** The servers a client names (`OLLAMA_HOST`; '' for none) and the models it pulls or runs. */
const pulls = perService((svc) => {
  const text = `${commandText(svc)} OLLAMA_HOST=${envEntries(svc).find((e) => e.name === 'OLLAMA_HOST')?.value ?? ''}`;
  const hosts = [...new Set([...text.matchAll(/OLLAMA_HOST=(?:https?:\/\/)?([A-Za-z0-9_.-]+)/g)].map((m) => m[1]))];
  return { hosts: hosts.length ? hosts : [''], models: modelsIn(text) };
});

/** A server's memory limit when it runs on the CPU (no GPU access) and the limit is known, with the models its own command names. */
const cpuServer = perService((svc) => {
  if (hasGpuAccess(svc)) return undefined;
  const limitRef = svc.get(['deploy', 'resources', 'limits', 'memory']) ?? svc.get(['mem_limit']);
  const limit = memoryBytes(limitRef?.js);
  if (!limitRef || !limit) return undefined;
  const raw = envEntries(svc).find((e) => e.name === 'OLLAMA_MAX_LOADED_MODELS')?.value;
  const loaded = raw && /^\d+$/.test(raw.trim()) ? Math.max(1, Number(raw)) : 1;
  return { limitRef, limit, loaded, models: modelsIn(commandText(svc)) };
});

/** Models pulled or run by the server itself, or by `ollama pull` clients aimed at it. */
function knownModels(server: ServiceView, own: readonly string[], onlyServer: boolean, clients: Map<string, string[]>): string[] {
  const out = [...own, ...(clients.get(server.name) ?? [])];
  if (onlyServer) out.push(...(clients.get('') ?? []), ...[...clients].filter(([h]) => h !== server.name && h !== '').flatMap(([, m]) => m));
  return [...new Set(out)];
}

const GB = (n: number) => `${+(n / 1e9).toFixed(1)} GB`;

export const ollamaMemoryFit: Rule<ComposeContext> = {
  id: 'ollama-memory-fit',
  kind: 'compose',
  title: 'Ollama\'s models fit in its memory limit',
  rationale:
    'On the CPU Ollama holds a model\'s weights in the container\'s memory; models on ollama.com/library are 4-bit quantized by default (Q4_K_M; the tag names other quantizations, e.g. `-q8_0`, `-fp16`: https://github.com/ollama/ollama/blob/main/docs/import.md#quantizing-a-model), so a model needs at least parameters × bits / 8 bytes, before the context cache. OLLAMA_MAX_LOADED_MODELS sets how many models stay loaded at once (https://github.com/ollama/ollama/blob/main/docs/faq.md#how-does-ollama-handle-concurrent-requests). When the models the stack pulls (`ollama pull <name>:<size>` in the server or in an init job aimed at it) and the memory limit (`deploy.resources.limits.memory` or `mem_limit`) are both written in the file, and the weights of the largest model, or of the MAX_LOADED_MODELS largest together, exceed the limit, the container is OOM-killed or the load fails. Only what is known is judged: a tag without a size, a variable, or a service with GPU access (the weights then go to VRAM) is not.',
  defaultSeverity: 'warning',
  *check(ctx) {
    const servers = servicesOf(ctx).filter((s) => ollamaRole(s) === 'server');
    let clients: Map<string, string[]> | undefined;
    for (const svc of servers) {
      const server = cpuServer(svc);
      if (!server) continue;
      const { limitRef, limit, loaded } = server;
      const sized = knownModels(svc, server.models, servers.length === 1, (clients ??= clientModels(ctx))).map((name) => ({ name, bytes: ollamaModelBytes(name) })).filter((m): m is { name: string; bytes: number } => m.bytes !== undefined).sort((a, b) => b.bytes - a.bytes);
      if (!sized.length) continue;
      const together = sized.slice(0, loaded);
      const need = together.reduce((n, m) => n + m.bytes, 0);
      if (need <= limit) continue;
      const what = together.length === 1 ? `${together[0].name} alone needs at least ${GB(need)}` : `${together.map((m) => m.name).join(' + ')} (OLLAMA_MAX_LOADED_MODELS=${loaded}) need at least ${GB(need)} together`;
      yield atValue(svc, limitRef, `Ollama service "${svc.name}" runs on the CPU with a memory limit of ${String(limitRef.js)} (${GB(limit)}), but ${what} for the weights: it is OOM-killed or fails to load. Raise the limit, use a smaller or more quantized model${together.length > 1 ? ', or lower OLLAMA_MAX_LOADED_MODELS' : ''}.`);
    }
  },
};
