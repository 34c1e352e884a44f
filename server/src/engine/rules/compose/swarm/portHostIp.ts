import type { ComposeContext } from '../../../compose/context';
import { portSpecs } from '../../../compose/facts';
import type { Rule } from '../../../rule';
import { atValue, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

const UNSPECIFIED = /^(0\.0\.0\.0|::|\[::\])$/;

export const swarmPortHostIp: Rule<ComposeContext> = {
  id: 'swarm-port-host-ip',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Swarm cannot bind a published port to one address',
  rationale: `A Swarm published port listens on every address of every node (routing mesh) or of the node running the task (\`mode: host\`); a service cannot choose the address. In the short syntax \`127.0.0.1:8080:80\` the CLI drops the address with a warning, "service will listen on '0.0.0.0'" (${SWARM_SOURCES.ports}), so a port meant for localhost is open to the network; in the long syntax \`host_ip\` is not part of the schema and the deploy fails (${SWARM_SOURCES.schema}). Publish only what must be public, reach the rest over an overlay network, and firewall the nodes; \`mode: host\` ports also skip the routing mesh (${SWARM_SOURCES.ingress}).`,
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const port of portSpecs(svc)) {
        if (!port.hostIp || UNSPECIFIED.test(port.hostIp)) continue;
        if (port.long) {
          yield { ...atValue(svc, port.ref, `docker stack deploy refuses host_ip in the ports of "${svc.name}" (not in the v3 schema): remove it, and keep the port private with a firewall or do not publish it.`), severity: 'error' };
        } else {
          yield atValue(svc, port.ref, `Swarm drops the address ${port.hostIp} of this port of "${svc.name}": it listens on all interfaces of the nodes. Do not publish it, or firewall it.`);
        }
      }
    }
  },
};
