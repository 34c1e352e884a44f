import type { ComposeContext } from '../../compose/context';
import { deletePair, isMap } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { proxyOf, servedApps } from '../shared/rolloutFacts';
import { atKey, serviceOf } from '../shared/util';

export const containerNameBlocksUpdate: Rule<ComposeContext> = {
  id: 'container-name-blocks-update',
  kind: 'compose',
  title: 'No container_name on an app that must run twice during an update',
  rationale:
    'An update without downtime starts the new container next to the old one (`--scale SERVICE=2`, or a second compose project for blue-green) and switches the proxy only when the new one is healthy. A fixed container_name exists only once per engine, so the second container cannot be created and the only way left is stop-then-start, with the downtime in between. Let compose name the containers; address the service by its name on the network.',
  defaultSeverity: 'warning',
  fixDescription: 'Removes `container_name` (not safe: scripts that use the name must change too).',
  *check(ctx) {
    for (const svc of servedApps(ctx)) {
      const ref = svc.get(['container_name']);
      if (!ref) continue;
      yield atKey(svc, ref, `"${svc.name}" is served through "${proxyOf(ctx, svc)}" and has container_name "${String(ref.js)}": a second container cannot be started beside it, so an update must stop it first (downtime). Remove container_name.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.get(['container_name']);
    if (!svc?.node || !ref || ref.via || !isMap(svc.node)) return undefined;
    const edit = deletePair(svc.file, svc.node, 'container_name');
    return edit ? { title: 'Remove container_name', edits: [edit], safe: false } : undefined;
  },
};
