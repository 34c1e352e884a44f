import type { ComposeContext } from '../../compose/context';
import { perService, portSpecs } from '../../compose/facts';
import { insertKey, isMap, isScalar, replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { isExposedModelApi } from '../shared/modelServers';
import { edgePorts } from './proxyAllInterfaces';
import { atValue, serviceOf, servicesOf } from '../shared/util';

/** Ports published without a host IP, with their message (remembered per service: the edge question needs the other services). */
const unbound = perService((svc) => {
  if (isExposedModelApi(svc)) return []; // model-api-all-interfaces, with what protects a model API
  return portSpecs(svc).flatMap((port, index) => {
    if (port.hostIp !== undefined) return [];
    const shown = port.published ? `${port.published}:${port.target}` : port.target;
    return [{ index, port, message: `Port ${shown} of "${svc.name}" is published on all interfaces: bind it to 127.0.0.1.` }];
  });
});

export const portHostIpRequired: Rule<ComposeContext> = {
  id: 'port-host-ip-required',
  kind: 'compose',
  title: 'Bind published ports to a host IP',
  rationale:
    'A port without a host IP is published on every interface (0.0.0.0), and Docker\'s iptables rules bypass host firewalls such as ufw. Bind to 127.0.0.1 and put a reverse proxy in front of what must be public. The edge itself is left to proxy-all-interfaces: a reverse proxy fronting the stack, and ports 80/443 of a service that terminates TLS (publishes container port 443); model APIs are left to model-api-all-interfaces.',
  defaultSeverity: 'warning',
  fixDescription: 'Prefixes the short form with `127.0.0.1:`; adds `host_ip: 127.0.0.1` to the long form.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ports = unbound(svc);
      if (!ports.length) continue;
      const edge = edgePorts(ctx, svc).indexes; // proxy-all-interfaces, with advice for the edge itself
      for (const { index, port, message } of ports) if (!edge.has(index)) yield atValue(svc, port.ref, message, { index });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const port = svc && portSpecs(svc)[Number(finding.data?.index)];
    if (!port || port.ref.via) return undefined;
    const node = port.ref.node;
    if (isMap(node)) return { title: 'Bind to 127.0.0.1', edits: [insertKey(port.ref.file, node, 'host_ip', '127.0.0.1')], safe: true };
    if (!isScalar(node)) return undefined;
    const value = String(node.value);
    // A bare container port ("8000") is published on a random host port; keep that meaning.
    const next = port.published ? `127.0.0.1:${value}` : `127.0.0.1::${value}`;
    return { title: `Bind to 127.0.0.1 (${next})`, edits: [replaceScalar(port.ref.file, node, next)], safe: true };
  },
};
