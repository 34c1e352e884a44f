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

/** The name the top-level `networks: {default: {name: …}}` gives the default network, if any. */
function defaultNetworkName(ctx: ComposeContext): string | undefined {
  const declared = ctx.model.top('networks')?.js;
  const def = declared && typeof declared === 'object' ? (declared as Record<string, unknown>).default : undefined;
  const name = def && typeof def === 'object' ? (def as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

export const serviceNetworks: Rule<ComposeContext> = {
  id: 'service-networks',
  kind: 'compose',
  title: 'Attach services to a named network',
  rationale:
    'Without `networks:` every service lands on the project default network, and everything added to the file later joins it too. Declaring a named network (and, for larger stacks, separate frontend/backend networks) makes explicit which services may talk to each other. Renaming the default network (`networks: {default: {name: …}}`) or listing it explicitly (`networks: [default]`) does not change that: the service is still on the network every service joins, so both are reported like a service without `networks:` (the fix is offered only where no `networks:` list exists yet).',
  defaultSeverity: 'info',
  fixDescription: 'Adds `networks: [<project>_net]` to the service and declares it under the top-level `networks:`.',
  *check(ctx) {
    const renamed = defaultNetworkName(ctx);
    const called = renamed ? ` (renamed to "${renamed}", still the network every service joins by default)` : '';
    for (const svc of servicesOf(ctx)) {
      if (svc.get(['network_mode'])) continue;
      const nets = svc.get(['networks']);
      if (!nets) {
        yield missing(svc, `Service "${svc.name}" uses the project's default network${called}: attach it to a named network.`);
        continue;
      }
      const names = Array.isArray(nets.js) ? nets.js.map(String) : nets.js && typeof nets.js === 'object' ? Object.keys(nets.js) : [];
      if (names.length > 0 && names.every((n) => n === 'default')) {
        yield missing(svc, `Service "${svc.name}" lists only the project's default network${called}, which every service joins: attach it to a named network.`, { explicitDefault: true });
      }
    }
  },
  fix(ctx, finding) {
    if (finding.data?.explicitDefault) return undefined; // the list exists: which network to use instead is for a person
    const net = projectNetwork(ctx);
    const service = insertFix(ctx, finding, ['networks'], [net], '');
    const top = topLevelEntry(ctx, 'networks', net);
    if (!service || !top.ok) return undefined;
    return { title: `Attach to network ${net}`, edits: combineEdits([...service.edits, top.edit]), safe: true };
  },
};
