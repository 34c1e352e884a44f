import type { ComposeContext } from '../../compose/context';
import { imageOf, isLoopbackHostIp, isPublishedPortSensitive, portSpecs } from '../../compose/facts';
import { appendItem, deletePair, isMap, isScalar, isSeq, replaceScalar } from '../../edits/yamlEdit';
import type { Rule, TextEdit } from '../../rule';
import { atKey, serviceOf, servicesOf } from '../shared/util';


export const noPublishedDbPorts: Rule<ComposeContext> = {
  id: 'no-published-db-ports',
  kind: 'compose',
  title: 'Do not publish database ports',
  rationale:
    'Databases, caches and stores (Postgres, Redis, MongoDB, Elasticsearch, MinIO, …) are reached by the other services over the compose network; publishing their ports lets anyone who can reach the host try passwords (or use an unauthenticated Redis). Keep them internal with `expose:`; reach them from the host with `docker compose exec`. Bound to 127.0.0.1 it is a smaller risk (local users only), reported as a hint.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Replaces `ports:` with `expose:` listing the container ports.',
  relaxedInDevelopment: true,
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const image = imageOf(svc);
      if (!isPublishedPortSensitive(image)) continue;
      const ports = portSpecs(svc);
      if (ports.length === 0) continue;
      const open = ports.filter((p) => !p.hostIp || !isLoopbackHostIp(p.hostIp));
      const shown = ports.map((p) => p.published ?? p.target).join(', ');
      const ref = svc.get(['ports'])!;
      const draft = open.length
        ? atKey(svc, ref, `${image!.repository} service "${svc.name}" publishes port ${shown} on the host network: keep it internal (expose) or bind to 127.0.0.1.`)
        : atKey(svc, ref, `${image!.repository} service "${svc.name}" publishes port ${shown} on 127.0.0.1: other services do not need it; only local tools do.`);
      if (!open.length) draft.severity = 'hint';
      yield draft;
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['ports']);
    if (!svc?.node || !ref || ref.via || !isSeq(ref.node) || !isScalar(ref.keyNode)) return undefined;
    const targets = portSpecs(svc).map((p) => `${p.target}${p.protocol ? `/${p.protocol}` : ''}`);
    if (targets.some((t) => !/^\d+(-\d+)?(\/\w+)?$/.test(t))) return undefined;
    const title = 'Replace ports with expose (use `docker compose exec` from the host)';
    const expose = svc.get(['expose']);
    if (expose) {
      // Merge into the existing expose list and drop ports.
      if (expose.via || !isSeq(expose.node)) return undefined;
      const have = new Set((Array.isArray(expose.js) ? expose.js : []).map(String));
      const seq = expose.node;
      const edits: TextEdit[] = targets.filter((t, i) => !have.has(t) && targets.indexOf(t) === i).map((t) => appendItem(expose.file, seq, t));
      const del = deletePair(svc.file, svc.node, 'ports');
      if (!del) return undefined;
      return { title, edits: [...edits, del], safe: false };
    }
    const edits: TextEdit[] = [replaceScalar(ref.file, ref.keyNode, 'expose')];
    ref.node.items.forEach((item, i) => {
      if (isScalar(item)) edits.push(replaceScalar(ref.file, item, targets[i]));
      else if (isMap(item) && item.range) {
        const text = ref.file.text.slice(item.range[0], item.range[1]);
        const end = item.range[0] + text.trimEnd().length;
        edits.push({ file: ref.file.path, range: { start: item.range[0], end }, newText: JSON.stringify(targets[i]) });
      }
    });
    return { title, edits, safe: false };
  },
};
