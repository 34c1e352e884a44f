import type { ComposeContext } from '../../../compose/context';
import type { Rule } from '../../../rule';
import { atKey, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

/**
 * Options `docker stack deploy` ignores that have no rule of their own (security_opt, privileged,
 * devices, userns_mode, restart, build, container_name have one), with what to do instead.
 */
const IGNORED: Record<string, string> = {
  shm_size: 'mount a tmpfs at /dev/shm instead (volumes: - type: tmpfs, target: /dev/shm, tmpfs: {size: 1073741824})',
  ipc: 'a task always gets a private IPC namespace; share memory through a tmpfs volume',
  pid: 'a task always gets its own PID namespace',
  network_mode: 'attach the service to networks (host networking: networks: [host] as an external network)',
  links: 'services on a shared network reach each other by service name',
  external_links: 'attach the service to the external network the other containers are on',
  cgroup_parent: 'remove it',
  cgroupns_mode: 'remove it',
  domainname: 'remove it (hostname is honoured)',
  mac_address: 'remove it',
  // Dropped without even the "unsupported" line: the service spec has no tmpfs field, only mounts.
  tmpfs: 'mount a tmpfs volume instead (volumes: - type: tmpfs, target: /tmp); with read_only: true the path stays read-only and the app cannot write there',
};

export const swarmKeyIgnored: Rule<ComposeContext> = {
  id: 'swarm-key-ignored',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Other keys Swarm ignores',
  rationale: `Besides the keys with rules of their own, \`docker stack deploy\` ignores \`shm_size\`, \`ipc\`, \`pid\`, \`network_mode\`, \`links\`, \`external_links\`, \`cgroup_parent\`, \`cgroupns_mode\`, \`domainname\` and \`mac_address\` with one line, "Ignoring unsupported options" (${SWARM_SOURCES.unsupported}, ${SWARM_SOURCES.loader}): the service spec has no field for them (${SWARM_SOURCES.convert}). The service key \`tmpfs\` is dropped without even that line (the conversion reads only \`volumes\` entries of type tmpfs into mounts; seen on CLI 28.2.2 against engine 20.10 in our cluster tests): a read-only service then finds /tmp read-only and fails, so it is reported here too. A model server sized for a bigger /dev/shm gets Docker's 64 MB again; mount a tmpfs at /dev/shm instead.`,
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const [key, instead] of Object.entries(IGNORED)) {
        const ref = svc.get([key]);
        if (ref) yield atKey(svc, ref, `Swarm ignores ${key} of "${svc.name}": ${instead}.`);
      }
    }
  },
};
