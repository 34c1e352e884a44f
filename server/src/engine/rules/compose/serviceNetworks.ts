import path from 'node:path';
import type { ComposeContext } from '../../compose/context';
import { isMap } from '../../edits/yamlEdit';
import type { ComposeModel, ServiceView } from '../../compose/model';
import type { Rule, TextEdit } from '../../rule';
import { attachEdit, membershipOf, networkIdentity, networksFirst, reachPairs } from './serviceUnreachable';
import { combineEdits, insertFix, missing, serviceOf, servicesOf, topLevelEntry } from '../shared/util';

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
  scope: 'service',
  reportsAbsence: true,
  fixDescription:
    'Adds `networks: [<project>_net]` to the service and declares it under the top-level `networks:`. Services it calls or that call it (see service-unreachable) and that reach it through the default network come along: those without `networks:` get the same list, those listing other networks get `<project>_net` added. When one of them cannot be changed, the fix says whom it disconnects and is not applied by "Fix all".',
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
    // Leaving the default network must not cut the service off from those it calls or that call it.
    const plan = planMove(ctx.model, finding.service!, net);
    const alone = plan.moved.length + plan.extended.length === 0;
    // Moving together, every service gets its change first in its mapping or list: never where its own
    // fixes append, and the same text whichever member's fix moves them (Fix all equals one at a time).
    const own = alone ? undefined : networksFirst(serviceOf(ctx, finding)!, [net]);
    const edits: (TextEdit | undefined)[] = own ? [own] : [...service.edits];
    const blocked: string[] = [];
    for (const svc of plan.moved) {
      const edit = svc.file === ctx.file ? networksFirst(svc, [net]) : undefined;
      if (edit) edits.push(edit);
      else blocked.push(svc.name);
    }
    for (const svc of plan.extended) {
      const edit = attachEdit(ctx.model, svc, net, ctx.file, true);
      if (edit) edits.push(edit);
      else blocked.push(svc.name);
    }
    const order = (s: ServiceView) => ctx.model.services.indexOf(s);
    const others = [...plan.moved, ...plan.extended].filter((s) => !blocked.includes(s.name)).sort((x, y) => order(x) - order(y)).map((s) => `"${s.name}"`);
    const names = (list: string[]) => (list.length > 4 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', '));
    const title = `Attach to network ${net}${others.length ? ` (also ${names(others)}, so they stay connected)` : ''}${blocked.length ? `; disconnects ${names(blocked.map((b) => `"${b}"`))}` : ''}`;
    return { title, edits: combineEdits([...edits, top.edit]), safe: blocked.length === 0 };
  },
};

/**
 * Moving `name` from the default network onto `net` alone: which other services must come along.
 * Those on the default network only that reach it or that it reaches move too (and so on, from
 * them); those listing the default network and others get `net` added (for a service on another's
 * network stack, `network_mode: service:x`, x gets it); those whose networks cannot be changed
 * here are reported by the caller (the fix would disconnect them). Services on x's stack move with x.
 */
export function planMove(model: ComposeModel, name: string, net: string): { moved: ServiceView[]; extended: ServiceView[] } {
  const pairs = reachPairs(model);
  const idOf = networkIdentity(model);
  const target = idOf(net);
  const moved = new Set<string>([name]);
  const extended = new Set<string>();
  // Pairs by the services at either end, and services by the one whose network stack they use.
  const byService = new Map<string, typeof pairs>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => (map.get(key) ?? map.set(key, []).get(key)!).push(value);
  for (const r of pairs) for (const end of new Set([r.consumer.name, r.target.name])) push(byService, end, r);
  const followers = new Map<string, string[]>();
  for (const s of model.services) {
    const m = membershipOf(model, s);
    if (m.kind === 'networks' && m.through) push(followers, m.through.service, s.name);
  }
  const queue = [name];
  while (queue.length) {
    const owner = queue.shift()!;
    const group = new Set([owner, ...(followers.get(owner) ?? [])]);
    for (const r of [...group].flatMap((g) => byService.get(g) ?? [])) {
      const inGroup = group.has(r.consumer.name) ? (group.has(r.target.name) ? undefined : r.target) : r.consumer;
      // Only links that work now, through the default network the moved service leaves.
      if (!inGroup || !r.shared || moved.has(inGroup.name) || extended.has(inGroup.name)) continue;
      const m = membershipOf(model, inGroup);
      if (m.kind !== 'networks') continue;
      const nets = [...m.nets.keys()];
      if (nets.some((n) => idOf(n) === target)) continue;
      // A service on another's network stack: that one joins `net` as well (keeping its networks).
      if (m.through) {
        if (!moved.has(m.through.service)) extended.add(m.through.service);
      } else if (!m.ref) {
        moved.add(inGroup.name);
        queue.push(inGroup.name);
      } else extended.add(inGroup.name);
    }
  }
  moved.delete(name);
  const byName = (n: string) => model.service(n)!;
  return { moved: [...moved].map(byName), extended: [...extended].map(byName) };
}
