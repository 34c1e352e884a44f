import { SWARM_SOURCES } from './sources';
import { ignoredKeyRule } from './ignoredKey';

export const swarmDevicesIgnored = ignoredKeyRule({
  id: 'swarm-devices-ignored',
  key: 'devices',
  title: 'Swarm ignores devices',
  rationale: `\`docker stack deploy\` ignores \`devices\` (${SWARM_SOURCES.unsupported}): the service spec has no device list (${SWARM_SOURCES.convert}), so /dev/dri, /dev/kfd or /dev/nvidia* never appear in the tasks and a GPU workload falls back to the CPU or fails. For NVIDIA GPUs advertise them as node generic resources (\`node-generic-resources\` in daemon.json, the nvidia runtime as the default runtime) and reserve them with \`deploy.resources.reservations.generic_resources\` (${SWARM_SOURCES.genericResources}, ${SWARM_SOURCES.dockerd}).`,
  defaultSeverity: 'warning',
  message: (svc) =>
    `Swarm ignores devices of "${svc.name}": no device node reaches its tasks. For GPUs, advertise them as node generic resources and reserve them with deploy.resources.reservations.generic_resources.`,
});
