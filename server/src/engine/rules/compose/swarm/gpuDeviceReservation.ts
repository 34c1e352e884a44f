import type { ComposeContext } from '../../../compose/context';
import type { Rule } from '../../../rule';
import { atKey, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';

export const swarmGpuDeviceReservation: Rule<ComposeContext> = {
  id: 'swarm-gpu-device-reservation',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Swarm reserves GPUs as generic resources, not devices',
  rationale: `\`deploy.resources.reservations.devices\` (and the \`gpus\` key) are Compose Specification features that the v3 schema of \`docker stack deploy\` does not have: the deploy fails with "Additional property devices is not allowed" (${SWARM_SOURCES.schema}). Swarm schedules GPUs as generic resources: each GPU node advertises them (\`node-generic-resources\` in daemon.json, e.g. \`"NVIDIA-GPU=GPU-…"\`, with the nvidia runtime as \`default-runtime\`, ${SWARM_SOURCES.dockerd}), and the service reserves them with \`deploy.resources.reservations.generic_resources\` (\`discrete_resource_spec: {kind: NVIDIA-GPU, value: 1}\`, ${SWARM_SOURCES.genericResources}), which also keeps its tasks on GPU nodes.`,
  defaultSeverity: 'error',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const devices = svc.get(['deploy', 'resources', 'reservations', 'devices']);
      if (devices) yield atKey(svc, devices, `docker stack deploy refuses the device reservation of "${svc.name}" ("Additional property devices is not allowed"): reserve GPUs with generic_resources (discrete_resource_spec kind NVIDIA-GPU) that the GPU nodes advertise.`);
      const gpus = svc.get(['gpus']);
      if (gpus) yield atKey(svc, gpus, `docker stack deploy refuses gpus of "${svc.name}" (not in the v3 schema): reserve GPUs with deploy.resources.reservations.generic_resources.`);
    }
  },
};
