import type { ComposeContext } from '../../compose/context';
import { perService, portSpecs, type PortSpec, WILDCARD_HOST_IPS } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import { insertKey, isMap, isScalar, replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { isFrontingProxy } from '../shared/rolloutFacts';
import { atValue, serviceOf, servicesOf } from '../shared/util';


/**
 * Ports of `svc` that face clients by design: every port of a reverse proxy fronting the stack,
 * and ports 80 and 443 of a service that terminates TLS itself (it publishes container port 443,
 * e.g. an app image with a built-in nginx or a Caddy with a Caddyfile; 80 redirects to HTTPS).
 * They are judged here, not by port-host-ip-required, whose advice (put a proxy in front) does
 * not apply to the edge itself.
 */
export function edgePorts(ctx: ComposeContext, svc: ServiceView): { indexes: ReadonlySet<number>; proxy: boolean } {
  const ports = portIndexes(svc);
  return isFrontingProxy(ctx, svc) ? { indexes: ports.all, proxy: true } : { indexes: ports.tls, proxy: false };
}

/** Indexes of every port of the service, and of the ports a TLS-terminating service faces clients with (remembered per service). */
const portIndexes = perService((svc) => {
  const specs = portSpecs(svc);
  const web = (p: PortSpec) => (p.protocol ?? 'tcp').toLowerCase() === 'tcp';
  const all: ReadonlySet<number> = new Set(specs.map((_, i) => i));
  if (!specs.some((p) => web(p) && p.target === '443')) return { all, tls: new Set<number>() as ReadonlySet<number> };
  return { all, tls: new Set(specs.flatMap((p, i) => (web(p) && (p.target === '80' || p.target === '443') ? [i] : []))) as ReadonlySet<number> };
});

export const proxyAllInterfaces: Rule<ComposeContext> = {
  id: 'proxy-all-interfaces',
  kind: 'compose',
  title: 'A reverse proxy publishes on the address clients use, not on every interface',
  rationale:
    'A reverse proxy in front of the stack\'s services (it depends on them, or they carry Traefik/Caddy labels) is the one service meant to be reachable, but publishing it without a host IP (or on 0.0.0.0 / ::) opens it on every interface of the host — Docker bridges, VPNs, management networks — and Docker\'s iptables rules bypass host firewalls such as ufw. Bind it to the address clients reach it on: the host\'s public IP, or 127.0.0.1 when a host-level load balancer, tunnel or CDN connector forwards to it. The same holds for ports 80 and 443 of a service that terminates TLS itself (it publishes container port 443: an app image with a built-in nginx, a Caddy configured by a Caddyfile). (For these edges this rule replaces port-host-ip-required and port-no-wildcard-bind, whose advice — put a proxy in front — does not apply to the edge itself.)',
  defaultSeverity: 'info',
  fixDescription: 'Binds the port to `127.0.0.1` (not safe: clients that reach the proxy from other hosts need the public IP instead).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const edge = edgePorts(ctx, svc);
      if (edge.indexes.size === 0) continue;
      for (const [index, port] of portSpecs(svc).entries()) {
        if (!edge.indexes.has(index)) continue;
        if (port.hostIp !== undefined && !WILDCARD_HOST_IPS.has(port.hostIp)) continue;
        const shown = port.published ? `${port.published}:${port.target}` : port.target;
        const how = port.hostIp === undefined ? 'without a host IP' : `on ${port.hostIp}`;
        const who = edge.proxy ? `Proxy "${svc.name}"` : `"${svc.name}" terminates TLS for clients and`;
        yield atValue(svc, port.ref, `${who} publishes port ${shown} ${how}, i.e. on every interface of the host: bind it to the address clients use (the public IP, or 127.0.0.1 behind a host-level load balancer or tunnel).`, { index });
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const port = svc && portSpecs(svc)[Number(finding.data?.index)];
    if (!port || port.ref.via) return undefined;
    const node = port.ref.node;
    if (port.long) {
      if (!isMap(node)) return undefined;
      const hostIp = node.get('host_ip', true);
      const edit = isScalar(hostIp) ? replaceScalar(port.ref.file, hostIp, '127.0.0.1') : insertKey(port.ref.file, node, 'host_ip', '127.0.0.1');
      return { title: 'Bind to 127.0.0.1', edits: [edit], safe: false };
    }
    if (!isScalar(node)) return undefined;
    const next = `127.0.0.1:${port.published ?? ''}:${port.target}${port.protocol ? `/${port.protocol}` : ''}`;
    return { title: `Bind to 127.0.0.1 (${next})`, edits: [replaceScalar(port.ref.file, node, next)], safe: false };
  },
};
