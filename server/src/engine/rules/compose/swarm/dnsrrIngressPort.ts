import type { ComposeContext } from '../../../compose/context';
import { isMap, setPath } from '../../../edits/yamlEdit';
import type { Rule } from '../../../rule';
import { atValue, serviceOf, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

/** A port Swarm publishes through the routing mesh: the short syntax always, the long one unless `mode: host`. */
function isIngress(js: unknown): boolean {
  return !(js && typeof js === 'object' && !Array.isArray(js) && (js as Record<string, unknown>).mode === 'host');
}

export const swarmDnsrrIngressPort: Rule<ComposeContext> = {
  id: 'swarm-dnsrr-ingress-port',
  kind: 'compose',
  targets: ['swarm'],
  title: 'dnsrr services publish ports in host mode',
  rationale: `The routing mesh forwards an ingress-mode published port to the service's virtual IP; a service with \`endpoint_mode: dnsrr\` has none, and the swarm manager refuses the service: "port published with ingress mode can't be used with dnsrr mode" (${SWARM_SOURCES.endpointSpec}). The short port syntax is always ingress on a swarm. Publish such ports with the long syntax and \`mode: host\` (each node publishes the port of the task it runs), or keep the default \`endpoint_mode: vip\` where the kernel has IPVS (${SWARM_SOURCES.ingress}; docs/swarm.md explains why our tests use dnsrr).`,
  defaultSeverity: 'error',
  fixDescription: 'Adds `mode: host` to a long-syntax port (not applied by --fix: host mode skips the routing mesh, and one node can run only one task that publishes the port).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (svc.get(['deploy', 'endpoint_mode'])?.js !== 'dnsrr') continue;
      const ports = svc.items(['ports']);
      for (let index = 0; index < ports.length; index++) {
        const ref = ports[index];
        if (!isIngress(ref.js)) continue;
        const long = !!ref.js && typeof ref.js === 'object';
        yield atValue(svc, ref, `The swarm manager refuses "${svc.name}": this port is published in ingress mode, which needs the VIP that endpoint_mode: dnsrr does not have. ${long ? 'Set mode: host.' : 'Write it in the long syntax with mode: host.'}`, { index });
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const ref = svc?.items(['ports'])[finding.data?.index as number];
    if (!ref || ref.via || !isMap(ref.node) || ref.file !== svc!.file) return undefined;
    if (ref.node.items.some((p) => String((p.key as { value?: unknown } | null)?.value) === 'mode')) return undefined;
    const edit = setPath(ref.file, ref.node, ['mode'], 'host');
    return edit ? { title: 'Publish in host mode', edits: [edit], safe: false } : undefined;
  },
};
