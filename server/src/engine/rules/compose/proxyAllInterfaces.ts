import type { ComposeContext } from '../../compose/context';
import { portSpecs } from '../../compose/facts';
import { insertKey, isMap, isScalar, replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { isFrontingProxy } from './rolloutFacts';
import { atValue, serviceOf, servicesOf } from './util';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export const proxyAllInterfaces: Rule<ComposeContext> = {
  id: 'proxy-all-interfaces',
  kind: 'compose',
  title: 'A reverse proxy publishes on the address clients use, not on every interface',
  rationale:
    'A reverse proxy in front of the stack\'s services (it depends on them, or they carry Traefik/Caddy labels) is the one service meant to be reachable, but publishing it without a host IP (or on 0.0.0.0 / ::) opens it on every interface of the host — Docker bridges, VPNs, management networks — and Docker\'s iptables rules bypass host firewalls such as ufw. Bind it to the address clients reach it on: the host\'s public IP, or 127.0.0.1 when a host-level load balancer, tunnel or CDN connector forwards to it. (For proxies this rule replaces port-host-ip-required and port-no-wildcard-bind, whose advice — put a proxy in front — does not apply to the proxy itself.)',
  defaultSeverity: 'info',
  fixDescription: 'Binds the port to `127.0.0.1` (not safe: clients that reach the proxy from other hosts need the public IP instead).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (!isFrontingProxy(ctx, svc)) continue;
      for (const [index, port] of portSpecs(svc).entries()) {
        if (port.hostIp !== undefined && !WILDCARDS.has(port.hostIp)) continue;
        const shown = port.published ? `${port.published}:${port.target}` : port.target;
        const how = port.hostIp === undefined ? 'without a host IP' : `on ${port.hostIp}`;
        yield atValue(svc, port.ref, `Proxy "${svc.name}" publishes port ${shown} ${how}, i.e. on every interface of the host: bind it to the address clients use (the public IP, or 127.0.0.1 behind a host-level load balancer or tunnel).`, { index });
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
