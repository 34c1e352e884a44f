/** A service that calls a model server waits for it to be healthy (the model loaded) before starting. */
import { isMap } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { insertKey, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { dependsOn } from '../shared/dependsOn';
import { modelApi } from '../shared/modelServers';
import { effectiveHealth } from '../shared/serviceImage';
import { reachPairs } from './serviceUnreachable';
import { atValue, serviceOf } from '../shared/util';

export const modelServerDependsOn: Rule<ComposeContext> = {
  id: 'model-server-depends-on',
  kind: 'compose',
  targets: ['compose'], // Swarm ignores depends_on
  title: 'Services that call a model server wait for it to be healthy',
  rationale:
    'A model server answers only after its weights are loaded — seconds for Ollama, minutes for vLLM or TGI with a large model. An app that calls it (a URL such as `http://vllm:8000/v1` in its environment or command, found with the reachability facts of service-unreachable, written in the service itself rather than inherited from a shared anchor) but does not list it under `depends_on` starts at once: its first requests fail, and apps that check the model at start-up (Open WebUI, LangChain clients, RAG indexers) exit or cache "no models". `depends_on: {server: {condition: service_healthy}}` makes Compose start the app only once the server\'s healthcheck passes (https://docs.docker.com/compose/how-tos/startup-order/). A `depends_on` that only waits for the start is depends-on-healthy\'s finding.',
  defaultSeverity: 'info',
  fixDescription: 'Adds `depends_on: {<server>: {condition: service_healthy}}` (map form; not when depends_on is a list or the server is in a profile, where the dependency would fail when the profile is off).',
  *check(ctx) {
    for (const reach of reachPairs(ctx.model)) {
      const api = modelApi(reach.target);
      // Only uses written in the service itself: a URL inherited from a shared anchor (`<<: *app`) reaches
      // every service built on it (migrations, workers) and does not show that this one calls the server.
      const use = reach.uses.find((u) => !u.order && !u.ref.via);
      if (!api || !reach.consumer.node || !use) continue;
      if (dependsOn(reach.consumer)?.entries.some((e) => e.name === reach.target.name)) continue;
      const healthy = effectiveHealth(ctx.model, reach.target) === 'present' || effectiveHealth(ctx.model, reach.target) === 'image';
      const draft = atValue(reach.consumer, use.ref, `"${reach.consumer.name}" calls ${api} service "${reach.target.name}" (${use.text} in ${use.where}) but does not wait for it: its first requests fail while the model loads. Add depends_on: {${reach.target.name}: {condition: service_healthy}}${healthy ? '' : ` once "${reach.target.name}" has a healthcheck`}.`, { target: reach.target.name, healthy });
      yield { ...draft, range: use.range };
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const target = typeof finding.data?.target === 'string' ? ctx.model.service(finding.data.target) : undefined;
    if (!svc?.node || !target || !finding.data?.healthy || target.get(['profiles'])) return undefined;
    const entry = { condition: 'service_healthy' };
    const deps = svc.get(['depends_on']);
    if (!deps) {
      const edit = setPath(svc.file, svc.node, ['depends_on'], { [target.name]: entry });
      return edit && { title: `Wait for ${target.name} to be healthy`, edits: [edit], safe: true };
    }
    if (deps.via || deps.file !== svc.file || !isMap(deps.node)) return undefined;
    return { title: `Wait for ${target.name} to be healthy`, edits: [insertKey(deps.file, deps.node, target.name, entry)], safe: true };
  },
};
