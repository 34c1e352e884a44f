import path from 'node:path';
import { isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { imageOf, isOllama, volumeSpecs } from '../../compose/facts';
import { appendItem, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { ollamaModelsDir } from '../shared/ollama';
import { combineEdits, missing, serviceOf, servicesOf, topLevelEntry } from '../shared/util';

function covers(target: string, dir: string): boolean {
  const t = path.posix.normalize(target).replace(/\/+$/, '');
  return dir === t || dir.startsWith(t + '/') || t.startsWith(dir + '/');
}

export const ollamaModelVolume: Rule<ComposeContext> = {
  id: 'ollama-model-volume',
  kind: 'compose',
  title: 'Keep Ollama models in a volume',
  rationale:
    'Ollama stores pulled models (gigabytes each) and its key in /root/.ollama (or $OLLAMA_MODELS). Without a persistent mount every recreate of the container downloads all models again, and the service is unusable until it has.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Adds `ollama:/root/.ollama` to the service\'s volumes and `ollama: {}` to the top-level `volumes:`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (!isOllama(imageOf(svc))) continue;
      const dir = ollamaModelsDir(svc);
      const kept = volumeSpecs(svc).some((v) => v.source && v.type !== 'tmpfs' && covers(v.target, dir));
      if (!kept) yield missing(svc, `Ollama service "${svc.name}" keeps its models (${dir}) in the container: they are downloaded again after every recreate.`, { dir });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const dir = String(finding.data?.dir ?? '/root/.ollama');
    const top = topLevelEntry(ctx, 'volumes', 'ollama');
    if (!top.ok) return undefined;
    const own = svc.get(['volumes']);
    const mount = `ollama:${dir}`;
    let edit;
    if (!own) edit = setPath(svc.file, svc.node, ['volumes'], [mount]);
    else if (!own.via && isSeq(own.node)) edit = appendItem(own.file, own.node, mount);
    if (!edit) return undefined;
    return { title: `Keep models in the volume ollama (${dir})`, edits: combineEdits([edit, top.edit]), safe: true };
  },
};
