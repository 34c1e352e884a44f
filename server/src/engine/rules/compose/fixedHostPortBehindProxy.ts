import type { ComposeContext } from '../../compose/context';
import { portSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { proxyOf, servedApps } from '../shared/rolloutFacts';
import { atValue } from '../shared/util';

export const fixedHostPortBehindProxy: Rule<ComposeContext> = {
  id: 'fixed-host-port-behind-proxy',
  kind: 'compose',
  title: 'No fixed host port on an app behind the proxy',
  rationale:
    'The proxy reaches the app over the compose network, so the app needs no published port; a fixed one (`8000:8000`) can be bound by one container only, so the new container of an update cannot start beside the old one, and it also lets clients bypass the proxy. Use `expose` for the container port; publish only the proxy.',
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const svc of servedApps(ctx)) {
      const ports = portSpecs(svc);
      // UDP (media, DNS) cannot go through an HTTP proxy, nor can the TCP twin of a UDP port
      // (RTC fallback) or a range.
      const udp = new Set(ports.filter((p) => p.protocol === 'udp').map((p) => p.target));
      for (const port of ports) {
        if (!port.published || port.published.includes('-') || port.protocol === 'udp' || udp.has(port.target)) continue;
        yield atValue(svc, port.ref, `"${svc.name}" is served through "${proxyOf(ctx, svc)}" but publishes host port ${port.published}: a second container cannot bind it during an update, and clients can bypass the proxy. Replace it with expose: ["${port.target}"].`);
      }
    }
  },
};
