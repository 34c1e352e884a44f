import { SWARM_SOURCES } from './sources';
import { ignoredKeyRule } from './ignoredKey';

export const swarmSecurityOptIgnored = ignoredKeyRule({
  id: 'swarm-security-opt-ignored',
  key: 'security_opt',
  title: 'Swarm ignores security_opt',
  rationale: `\`docker stack deploy\` lists \`security_opt\` among the options it ignores (it prints "Ignoring unsupported options: security_opt"; ${SWARM_SOURCES.unsupported}, ${SWARM_SOURCES.loader}): \`no-new-privileges\`, seccomp and AppArmor settings never reach the tasks, and the service spec has no field for them (${SWARM_SOURCES.convert}). A stack hardened with them runs without them on a cluster. Set them where Swarm cannot drop them: \`"no-new-privileges": true\` in every node's daemon.json (dockerd \`--no-new-privileges\`) and a custom \`--seccomp-profile\` there if you need one (${SWARM_SOURCES.dockerd}); Docker's default seccomp and AppArmor profiles still apply to tasks.`,
  defaultSeverity: 'warning',
  message: (svc) =>
    `Swarm ignores security_opt of "${svc.name}": no-new-privileges, seccomp and AppArmor options never reach its tasks. Set no-new-privileges (and any seccomp profile) in each node's daemon.json instead.`,
});
