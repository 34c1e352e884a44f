import path from 'node:path';
import type { ComposeContext } from '../../compose/context';
import { isMap } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { combineEdits, insertFix, missing, servicesOf, topLevelEntry } from './util';

/** The network the fix attaches services to: the only declared one, else `<project>_net`. */
export function projectNetwork(ctx: ComposeContext): string {
  const declared = ctx.model.top('networks');
  const names = declared && isMap(declared.node) && declared.js && typeof declared.js === 'object' ? Object.keys(declared.js as object).filter((n) => n !== 'default') : [];
  if (names.length === 1) return names[0];
  const name = ctx.model.top('name')?.js;
  const project = (typeof name === 'string' && !name.includes('$') ? name : path.basename(path.dirname(ctx.file.path))).toLowerCase().replace(/[^a-z0-9_-]+/g, '');
  return `${project || 'app'}_net`;
}

export const serviceNetworks: Rule<ComposeContext> = {
  id: 'service-networks',
  kind: 'compose',
  title: 'Attach services to a named network',
  rationale:
    'Without `networks:` every service lands on the project default network, and everything added to the file later joins it too. Declaring a named network (and, for larger stacks, separate frontend/backend networks) makes explicit which services may talk to each other.',
  defaultSeverity: 'info',
  fixDescription: 'Adds `networks: [<project>_net]` to the service and declares it under the top-level `networks:`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (svc.get(['networks']) || svc.get(['network_mode'])) continue;
      yield missing(svc, `Service "${svc.name}" uses the project's default network: attach it to a named network.`);
    }
  },
  fix(ctx, finding) {
    const net = projectNetwork(ctx);
    const service = insertFix(ctx, finding, ['networks'], [net], '');
    const top = topLevelEntry(ctx, 'networks', net);
    if (!service || !top.ok) return undefined;
    return { title: `Attach to network ${net}`, edits: combineEdits([...service.edits, top.edit]), safe: true };
  },
};
