import type { ComposeContext } from '../../compose/context';
import { canRunTogether, isPatchService, perService, portSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { withDefaults } from '../shared/stackFacts';
import { atValue, servicesOf } from '../shared/util';

const ANY_IP = new Set(['', '0.0.0.0', '::', '[::]']);

/** Host ports of a published spec (`8080`, `8000-8002`, `${PORT:-8080}`), or [] when not known statically. */
function hostPorts(published: string | undefined): number[] {
  if (!published) return [];
  const { text, unresolved } = withDefaults(published);
  if (unresolved) return [];
  const m = text.match(/^(\d+)(?:-(\d+))?$/);
  if (!m) return [];
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (to < from || to - from > 1000) return [from];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Each published port of the service with its host IP and its `<host port>/<protocol>` keys (remembered per service). */
const hostBindings = perService((svc) =>
  portSpecs(svc).map((port) => {
    const proto = (port.protocol ?? 'tcp').toLowerCase();
    return { port, ip: port.hostIp ?? '', keys: hostPorts(port.published).map((n) => `${n}/${proto}`) };
  }),
);

export const noDuplicateExportedPorts: Rule<ComposeContext> = {
  id: 'no-duplicate-exported-ports',
  kind: 'compose',
  title: 'Each host port is published once',
  rationale:
    'Two services cannot listen on the same host port and protocol: `docker compose up` fails with "port is already allocated" for the second one, usually after the first has started. Services in disjoint profiles (`cpu` / `gpu-nvidia` / `gpu-amd` variants of one service) are alternatives started one at a time, so they may publish the same port; a service without profiles always starts and clashes with each of them. In an override file checked alone, a patch service (no image, build or extends) is left out: its profiles are in the base file, so the set it belongs to judges it.',
  defaultSeverity: 'error',
  *check(ctx) {
    const seen = new Map<string, { service: string; ip: string }[]>();
    for (const svc of servicesOf(ctx)) {
      if (isPatchService(ctx.model, svc)) continue;
      for (const { port, ip, keys } of hostBindings(svc)) {
        const clashes = new Set<string>();
        for (const key of keys) {
          const before = seen.get(key) ?? [];
          for (const b of before) {
            if ((b.ip === ip || ANY_IP.has(b.ip) || ANY_IP.has(ip)) && canRunTogether(svc, ctx.model.service(b.service)!)) clashes.add(`${b.service} (${key})`);
          }
          before.push({ service: svc.name, ip });
          seen.set(key, before);
        }
        if (clashes.size) yield atValue(svc, port.ref, `Host port ${port.published} of "${svc.name}" is already published by ${[...clashes].join(', ')}.`);
      }
    }
  },
};
