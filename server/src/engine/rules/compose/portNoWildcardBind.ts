import type { ComposeContext } from '../../compose/context';
import { perService, portSpecs, WILDCARD_HOST_IPS } from '../../compose/facts';
import { isMap, isScalar, replaceScalar } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { isExposedModelApi } from '../shared/modelServers';
import { isFrontingProxy } from '../shared/rolloutFacts';
import { atValue, serviceOf, servicesOf } from '../shared/util';


/** Ports bound to a wildcard host IP, with their message (remembered per service: whether it is the fronting proxy depends on the others). */
const wildcardPorts = perService((svc) => {
  if (isExposedModelApi(svc)) return []; // model-api-all-interfaces, with what protects a model API
  return portSpecs(svc).flatMap((port, index) => {
    if (port.hostIp === undefined || !WILDCARD_HOST_IPS.has(port.hostIp)) return [];
    return [{ index, port, message: `Port ${port.published ?? port.target} of "${svc.name}" is bound to ${port.hostIp}, i.e. every interface: bind it to 127.0.0.1.` }];
  });
});

export const portNoWildcardBind: Rule<ComposeContext> = {
  id: 'port-no-wildcard-bind',
  kind: 'compose',
  title: 'Do not bind published ports to 0.0.0.0 or ::',
  rationale:
    'An explicit 0.0.0.0 (or ::) host IP publishes the port on every interface of the host, and Docker\'s iptables rules let it through host firewalls such as ufw. Other linters accept it because an IP is present; it is the same exposure as no IP at all. Bind to 127.0.0.1 and put a reverse proxy in front of what must be public.',
  defaultSeverity: 'warning',
  fixDescription: 'Replaces the wildcard host IP with `127.0.0.1`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ports = wildcardPorts(svc);
      if (!ports.length || isFrontingProxy(ctx, svc)) continue; // proxy-all-interfaces, with advice for the proxy itself
      for (const { index, port, message } of ports) yield atValue(svc, port.ref, message, { index });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const port = svc && portSpecs(svc)[Number(finding.data?.index)];
    if (!port || port.ref.via) return undefined;
    const node = port.ref.node;
    if (port.long) {
      const hostIp = isMap(node) ? node.get('host_ip', true) : undefined;
      if (!isScalar(hostIp)) return undefined;
      return { title: 'Bind to 127.0.0.1', edits: [replaceScalar(port.ref.file, hostIp, '127.0.0.1')], safe: true };
    }
    if (!isScalar(node)) return undefined;
    const next = `127.0.0.1:${port.published ?? ''}:${port.target}${port.protocol ? `/${port.protocol}` : ''}`;
    return { title: `Bind to 127.0.0.1 (${next})`, edits: [replaceScalar(port.ref.file, node, next)], safe: true };
  },
};
