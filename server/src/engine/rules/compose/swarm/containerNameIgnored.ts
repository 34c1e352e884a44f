import { SWARM_SOURCES } from './sources';
import { ignoredKeyRule } from './ignoredKey';

export const swarmContainerNameIgnored = ignoredKeyRule({
  id: 'swarm-container-name-ignored',
  key: 'container_name',
  title: 'Swarm ignores container_name',
  rationale: `\`container_name\` is a deprecated option for \`docker stack deploy\`: "Setting the container name is not supported" (${SWARM_SOURCES.unsupported}). Tasks are named \`<stack>_<service>.<slot>.<task id>\`, and anything that addressed the container by that name (scripts, \`docker exec\`, other services) does not find it. Other services reach it by its service name on a shared network; scripts use \`docker service ps <stack>_<service>\`.`,
  defaultSeverity: 'warning',
  message: (svc, ref) =>
    `Swarm ignores container_name "${String(ref.js)}" of "${svc.name}": its tasks are named <stack>_${svc.name}.<slot>.<id>. Reach it by the service name instead.`,
});
