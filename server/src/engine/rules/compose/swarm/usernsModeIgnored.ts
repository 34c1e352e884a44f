import { SWARM_SOURCES } from './sources';
import { ignoredKeyRule } from './ignoredKey';

export const swarmUsernsModeIgnored = ignoredKeyRule({
  id: 'swarm-userns-mode-ignored',
  key: 'userns_mode',
  title: 'Swarm ignores userns_mode',
  rationale: `\`docker stack deploy\` ignores \`userns_mode\` (${SWARM_SOURCES.unsupported}); a service cannot choose its user namespace. User-namespace remapping is a daemon setting on every node (\`userns-remap\` in daemon.json, ${SWARM_SOURCES.dockerd}); a service that relied on \`userns_mode: host\` to opt out of it is remapped anyway.`,
  defaultSeverity: 'warning',
  message: (svc) => `Swarm ignores userns_mode of "${svc.name}": user namespaces are set per node (userns-remap in daemon.json), not per service.`,
});
