import type { ComposeContext } from '../../../compose/context';
import type { Rule } from '../../../rule';
import { missing, servicesOf } from '../../shared/util';
import { SWARM_SOURCES } from './sources';
import { genericResourceKinds, nodeConstraints, wantsGpu } from './swarmFacts';

export const swarmGpuPlacement: Rule<ComposeContext> = {
  id: 'swarm-gpu-placement',
  kind: 'compose',
  targets: ['swarm'],
  title: 'Keep GPU services on GPU nodes',
  rationale: `Swarm knows nothing about a node's GPUs unless the node advertises them: a GPU service without a GPU generic-resource reservation or a node constraint is scheduled on any node, where it starts without a GPU (and a model server falls back to the CPU, or crashes). Reserve the GPU as a generic resource that only GPU nodes advertise (\`deploy.resources.reservations.generic_resources\`, ${SWARM_SOURCES.genericResources}), which both schedules and counts GPUs, or at least constrain the service to labelled GPU nodes (\`node.labels.gpu == true\`, ${SWARM_SOURCES.placement}).`,
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      if (!wantsGpu(svc)) continue;
      if (genericResourceKinds(svc).some((k) => /gpu/i.test(k))) continue;
      if (nodeConstraints(svc).some((c) => /^\s*node\.(labels\.|hostname|id)/.test(c))) continue;
      yield missing(svc, `"${svc.name}" uses a GPU but nothing keeps it on GPU nodes: reserve the GPU with generic_resources (kind NVIDIA-GPU) or constrain it to labelled GPU nodes.`);
    }
  },
};
