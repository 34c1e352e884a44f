/** Ollama environment settings: browser origins (OLLAMA_ORIGINS) and model residency (OLLAMA_KEEP_ALIVE). */
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, isOllama } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { servicesOf } from '../shared/util';

function ollamaEnv(svc: ServiceView, name: string) {
  if (!isOllama(imageOf(svc))) return undefined;
  return envEntries(svc).find((e) => e.name === name && typeof e.value === 'string');
}

export const ollamaOriginsWildcard: Rule<ComposeContext> = {
  id: 'ollama-origins-wildcard',
  kind: 'compose',
  title: 'Do not let every web origin call Ollama (OLLAMA_ORIGINS=*)',
  rationale:
    'Ollama answers browsers only from the origins in OLLAMA_ORIGINS (https://github.com/ollama/ollama/blob/main/docs/faq.md#how-can-i-allow-additional-web-origins-to-access-ollama). `*` lets any web page a user opens call the unauthenticated API through their browser — read prompts, run, pull or delete models — even when the port is bound to 127.0.0.1. List the origins of the UIs that use it.',
  defaultSeverity: 'warning',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const e = ollamaEnv(svc, 'OLLAMA_ORIGINS');
      if (!e || !e.value!.split(',').some((o) => /^\s*((https?:\/\/)?\*)\s*$/.test(o))) continue;
      yield { service: svc.name, file: e.ref.file.path, range: e.range, message: `OLLAMA_ORIGINS of "${svc.name}" allows every origin: any web page opened in a browser that reaches Ollama can use its API. List the UI origins instead.` };
    }
  },
};

export const ollamaKeepAliveForever: Rule<ComposeContext> = {
  id: 'ollama-keep-alive-forever',
  kind: 'compose',
  title: 'A negative OLLAMA_KEEP_ALIVE pins models in memory forever',
  rationale:
    'OLLAMA_KEEP_ALIVE sets how long a model stays loaded after its last request (default 5m); a negative value keeps it loaded indefinitely (https://github.com/ollama/ollama/blob/main/docs/faq.md#how-do-i-keep-a-model-loaded-in-memory-or-make-it-unload-immediately). Every model that was ever used then holds its (V)RAM while idle, other GPU services on the host cannot get it back, and a container memory limit is reached by models nobody uses. Prefer a duration (e.g. 30m or 24h), or preload one model on purpose.',
  defaultSeverity: 'info',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const e = ollamaEnv(svc, 'OLLAMA_KEEP_ALIVE');
      if (!e || !/^\s*-\d/.test(e.value!)) continue;
      yield { service: svc.name, file: e.ref.file.path, range: e.range, message: `OLLAMA_KEEP_ALIVE=${e.value} keeps every model "${svc.name}" loads in memory forever: idle models hold (V)RAM. Use a duration such as 30m.` };
    }
  },
};
