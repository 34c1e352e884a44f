import { isMap, isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, isOllama } from '../../compose/facts';
import { appendItem, insertKeys, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { isOllamaClient } from '../shared/ollama';
import { combineEdits, missing, serviceOf, servicesOf } from '../shared/util';

const KNOBS = ['OLLAMA_MAX_LOADED_MODELS', 'OLLAMA_NUM_PARALLEL'];

export const ollamaConcurrencyEnv: Rule<ComposeContext> = {
  id: 'ollama-concurrency-env',
  kind: 'compose',
  title: 'Set Ollama\'s concurrency limits',
  rationale:
    'By default Ollama picks how many models stay loaded and how many requests each serves in parallel from the memory it sees, and each parallel slot multiplies the context memory: a burst of requests or a second model can push a GPU or a memory-limited container out of memory. Setting OLLAMA_MAX_LOADED_MODELS and OLLAMA_NUM_PARALLEL makes memory use predictable; tune the values to your hardware.',
  defaultSeverity: 'info',
  scope: 'service',
  fixDescription: 'Adds `OLLAMA_MAX_LOADED_MODELS=1` and `OLLAMA_NUM_PARALLEL=1` to the environment (values to tune).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (!isOllama(imageOf(svc)) || isOllamaClient(svc)) continue; // a client (`ollama pull`) loads nothing
      const names = new Set(envEntries(svc).map((e) => e.name));
      const absent = KNOBS.filter((k) => !names.has(k));
      if (absent.length) yield missing(svc, `Ollama service "${svc.name}" does not set ${absent.join(' and ')}: memory use depends on the load.`, { absent });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const absent = KNOBS.filter((k) => !envEntries(svc).some((e) => e.name === k));
    const env = svc.get(['environment']);
    let edits;
    if (!env) edits = [setPath(svc.file, svc.node, ['environment'], Object.fromEntries(absent.map((k) => [k, '1'])))];
    else if (env.via) return undefined;
    else if (isMap(env.node)) edits = [insertKeys(env.file, env.node, Object.fromEntries(absent.map((k) => [k, '1'])))];
    else if (isSeq(env.node)) {
      const seq = env.node;
      edits = absent.map((k) => appendItem(env.file, seq, `${k}=1`));
    }
    if (!edits) return undefined;
    return { title: 'Limit Ollama to 1 loaded model and 1 parallel request (tune)', edits: combineEdits(edits), safe: false };
  },
};
