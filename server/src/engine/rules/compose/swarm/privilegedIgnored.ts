import { SWARM_SOURCES } from './sources';
import { ignoredKeyRule } from './ignoredKey';

export const swarmPrivilegedIgnored = ignoredKeyRule({
  id: 'swarm-privileged-ignored',
  key: 'privileged',
  title: 'Swarm ignores privileged',
  rationale: `\`privileged\` is one of the options \`docker stack deploy\` ignores (${SWARM_SOURCES.unsupported}); service specs cannot ask for a privileged container (${SWARM_SOURCES.convert}). A service that needed it starts unprivileged and fails at the first operation that needed it, far from the cause. Grant the one capability it needs with \`cap_add\` (Swarm honours \`cap_add\`/\`cap_drop\` since Docker 20.10), or run that workload outside the stack.`,
  defaultSeverity: 'warning',
  message: (svc, ref) =>
    ref.js === true || ref.js === 'true'
      ? `Swarm ignores privileged: true of "${svc.name}": its tasks run unprivileged. Grant the capability it needs with cap_add instead.`
      : `Swarm ignores privileged of "${svc.name}": remove it.`,
});
