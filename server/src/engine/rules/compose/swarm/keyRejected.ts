/**
 * Keys outside the Compose v3 schema that `docker stack deploy` validates against: the deploy
 * fails ("Additional property … is not allowed"), or the loader refuses a forbidden property.
 */
import type { ComposeContext } from '../../../compose/context';
import { isScalar } from 'yaml';
import { envEntries } from '../../../compose/facts';
import type { Rule } from '../../../rule';
import { atKey, atValue, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

/** Service keys of config_schema_v3.13.json (docker/cli v28.2.2), besides `x-*` extensions. */
const V3_SERVICE_KEYS = new Set(
  'build cap_add cap_drop cgroup_parent cgroupns_mode command configs container_name credential_spec depends_on deploy devices dns dns_search domainname entrypoint env_file environment expose external_links extra_hosts healthcheck hostname image init ipc isolation labels links logging mac_address network_mode networks oom_score_adj pid ports privileged read_only restart secrets security_opt shm_size stdin_open stop_grace_period stop_signal sysctls tmpfs tty ulimits user userns_mode volumes working_dir'.split(' '),
);
const V3_TOP_KEYS = new Set(['version', 'services', 'networks', 'volumes', 'secrets', 'configs']);

/** What to write instead, for the keys people carry over from `docker compose`. */
const INSTEAD: Record<string, string> = {
  pids_limit: 'deploy.resources.limits.pids',
  mem_limit: 'deploy.resources.limits.memory',
  memswap_limit: 'deploy.resources.limits.memory',
  mem_reservation: 'deploy.resources.reservations.memory',
  cpus: 'deploy.resources.limits.cpus',
  cpu_shares: 'deploy.resources.limits.cpus',
  cpu_quota: 'deploy.resources.limits.cpus',
  cpuset: 'deploy.resources.limits.cpus',
  runtime: 'the nodes\' default-runtime in daemon.json',
  platform: 'deploy.placement.constraints (node.platform.arch == …)',
  profiles: 'a separate stack file for the optional services',
  extends: 'the merged file (docker compose config) or YAML anchors',
  volumes_from: 'a named volume mounted by each service',
  volume_driver: 'the driver on the top-level volume',
  pull_policy: 'docker stack deploy --resolve-image',
  scale: 'deploy.replicas',
};

/** `gpus` has its own rule (swarm-gpu-device-reservation). */
const OWN_RULE = new Set(['gpus']);

function advice(key: string): string {
  return INSTEAD[key] ? `use ${INSTEAD[key]} instead` : 'remove it';
}

export const swarmKeyRejected: Rule<ComposeContext> = {
  id: 'swarm-key-rejected',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Keys docker stack deploy refuses',
  rationale: `\`docker stack deploy\` validates the file against the Compose v3 schema (3.13 when the file names no version, ${SWARM_SOURCES.schema}), not the Compose Specification: keys that \`docker compose\` accepts, such as \`pids_limit\`, \`mem_limit\`, \`cpus\`, \`profiles\`, \`platform\`, \`runtime\` or a top-level \`name\`, fail the whole deploy ("Additional property pids_limit is not allowed"), and \`extends\`, \`volumes_from\`, \`volume_driver\`, \`mem_limit\`, \`cpu_shares\` are "forbidden properties" (${SWARM_SOURCES.unsupported}). The schema also wants \`deploy.resources.*.cpus\` as a string ("0.5", not 0.5). Resource limits go under \`deploy.resources\`.`,
  defaultSeverity: 'error',
  *check(ctx) {
    const root = ctx.file.root;
    if (root) {
      for (const pair of root.items) {
        const key = String((pair.key as { value?: unknown } | null)?.value ?? '');
        if (!key || key.startsWith('x-') || key === '<<' || V3_TOP_KEYS.has(key)) continue;
        const ref = ctx.model.top(key);
        if (ref?.keyNode?.range) yield { message: `docker stack deploy refuses the top-level key "${key}" (not in the v3 schema): remove it${key === 'name' ? '; the stack name is the argument of docker stack deploy' : ''}.`, file: ctx.file.path, range: ctx.file.rangeOf(ref.keyNode) };
      }
    }
    const version = ctx.model.top('version');
    if (version && version.js != null && !/^3(\.\d+)?$/.test(String(version.js).trim()) && version.node?.range) {
      yield { message: `docker stack deploy refuses version "${String(version.js)}": it reads Compose file format 3.x only. Remove version (3.13 is assumed) or set a 3.x one.`, file: version.file.path, range: version.file.rangeOf(version.node) };
    }
    for (const svc of servicesOf(ctx)) {
      for (const entry of envEntries(svc)) {
        if (entry.form !== 'map' || typeof entry.ref.js !== 'string' || !isScalar(entry.node) || typeof entry.node.value !== 'boolean') continue;
        yield { message: `docker stack deploy refuses ${entry.name} of "${svc.name}" as a YAML boolean ("must be a string, number or null"): quote it ("${String(entry.node.value)}").`, service: svc.name, file: entry.ref.file.path, range: entry.valueRange };
      }
      for (const key of svc.keys([])) {
        if (key.startsWith('x-') || V3_SERVICE_KEYS.has(key) || OWN_RULE.has(key)) continue;
        const ref = svc.get([key]);
        if (ref) yield atKey(svc, ref, `docker stack deploy refuses ${key} of "${svc.name}" (not in the v3 schema): ${advice(key)}.`);
      }
      for (const part of ['limits', 'reservations']) {
        const cpus = svc.get(['deploy', 'resources', part, 'cpus']);
        if (cpus && typeof cpus.js === 'number') yield atValue(svc, cpus, `docker stack deploy refuses deploy.resources.${part}.cpus of "${svc.name}" as a number: quote it ("${cpus.js}").`, { kind: 'cpus' });
      }
    }
  },
};
