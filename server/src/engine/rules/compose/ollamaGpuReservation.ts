import type { ComposeContext } from '../../compose/context';
import { imageOf, isOllama } from '../../compose/facts';
import { setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { GPU_DEVICE, hasGpuAccess } from '../shared/gpu';
import { isOllamaClient, wantsGpu } from '../shared/ollama';
import { missing, serviceOf, servicesOf } from '../shared/util';

export const ollamaGpuReservation: Rule<ComposeContext> = {
  id: 'ollama-gpu-reservation',
  kind: 'compose',
  title: 'Ollama meant for a GPU reserves one',
  rationale:
    'Environment variables such as NVIDIA_VISIBLE_DEVICES, a `gpu` profile or a `*.gpu.yml` file show that Ollama should run on a GPU, but only a device reservation (or the `gpus:` key) gives the container an NVIDIA GPU. Without it Ollama quietly runs models on the CPU, often ten times slower. AMD GPUs are passed as devices (`/dev/kfd`, `/dev/dri`: https://github.com/ollama/ollama/blob/main/docs/docker.md) and count as GPU access; an Ollama container that only runs `ollama pull` against another server is a client and needs no GPU.',
  defaultSeverity: 'info',
  scope: 'service',
  fixDescription: 'Adds `deploy.resources.reservations.devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      // GPU device nodes (AMD ROCm: /dev/kfd and /dev/dri; CDI names) are GPU access a reservation cannot give.
      if (!isOllama(imageOf(svc)) || hasGpuAccess(svc) || isOllamaClient(svc)) continue;
      const why = wantsGpu(ctx, svc);
      if (why) yield missing(svc, `Ollama service "${svc.name}" is meant for a GPU (${why}) but reserves none: it will run on the CPU.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const edit = svc?.node && setPath(svc.file, svc.node, ['deploy', 'resources', 'reservations', 'devices'], [GPU_DEVICE]);
    return edit ? { title: 'Reserve one NVIDIA GPU', edits: [edit], safe: true } : undefined;
  },
};
