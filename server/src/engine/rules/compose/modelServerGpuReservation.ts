/** A CUDA model server (vLLM, TGI, SGLang, TEI GPU images) without any GPU given to it. */
import type { ComposeContext } from '../../compose/context';
import { imageOf } from '../../compose/facts';
import { setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { hasGpuAccess } from '../shared/gpu';
import { modelApi } from '../shared/modelServers';
import { commandText } from '../shared/stackFacts';
import { missing, serviceOf, servicesOf } from '../shared/util';

/** Tags and repositories of builds for other hardware (CPU, ROCm, Intel, TPU, Neuron, Gaudi). */
const NOT_CUDA = /(^|[-_.])(cpu|rocm|intel|xpu|ipex|tpu|neuron|hpu|gaudi|openvino|hpu)([-_.]|$)/i;

/** GPUs the server asks for on its command line (tensor × pipeline parallel size), at least 1. */
export function gpusWanted(svc: Parameters<typeof commandText>[0]): number {
  const cmd = commandText(svc);
  const flag = (re: RegExp) => Number(cmd.match(re)?.[1] ?? 1) || 1;
  return flag(/(?:--tensor-parallel-size|-tp|--tp-size|--tp|--num-shard)(?:\s+|=)(\d+)/) * flag(/(?:--pipeline-parallel-size|-pp)(?:\s+|=)(\d+)/);
}

export const modelServerGpuReservation: Rule<ComposeContext> = {
  id: 'model-server-gpu-reservation',
  kind: 'compose',
  title: 'A CUDA model server is given its GPUs explicitly',
  rationale:
    'The CUDA images of vLLM, TGI, SGLang and TEI (every tag but the CPU, ROCm, Intel, TPU and Neuron builds) run on NVIDIA GPUs, and compose gives a container GPUs only through `deploy.resources.reservations.devices` or `gpus:` (https://docs.docker.com/compose/how-tos/gpu-support/). Without them the outcome depends on the host: under Docker\'s default runc the container sees no GPU (vLLM and SGLang stop at start-up; TGI and TEI fail or, for some models, run on the CPU, many times slower); where an administrator made `nvidia` the daemon\'s default runtime, the container inherits NVIDIA_VISIBLE_DEVICES=all from the CUDA base image (https://gitlab.com/nvidia/container-images/cuda, `ENV NVIDIA_VISIBLE_DEVICES all`) and silently takes every GPU of the host. Reserve them: `count` from `--tensor-parallel-size` × `--pipeline-parallel-size` (`--num-shard` for TGI), 1 otherwise. AMD (ROCm) builds get their GPUs through `devices: [/dev/kfd, /dev/dri]`, which counts as GPU access too.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Adds `deploy.resources.reservations.devices: [{driver: nvidia, count: <GPUs the command asks for>, capabilities: [gpu]}]`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const api = modelApi(svc);
      const image = imageOf(svc);
      if (!api || api === 'Ollama' || !image || hasGpuAccess(svc)) continue;
      if (NOT_CUDA.test(image.tag ?? '') || NOT_CUDA.test(image.repository.split('/').pop() ?? '')) continue;
      const n = gpusWanted(svc);
      const outcome = api === 'vLLM' || api === 'SGLang' ? 'stops at start-up without a GPU' : 'gets no GPU (it fails at start-up or runs on the CPU, depending on the model)';
      yield missing(svc, `${api} service "${svc.name}" reserves no GPU: under Docker's default runtime it ${outcome}, and where nvidia is the default runtime it takes every GPU of the host (NVIDIA_VISIBLE_DEVICES=all from the CUDA image). Reserve ${n} GPU${n > 1 ? 's' : ''} under deploy.resources.reservations.devices.`, { count: n });
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const count = Number(finding.data?.count) || 1;
    const edit = svc?.node && setPath(svc.file, svc.node, ['deploy', 'resources', 'reservations', 'devices'], [{ driver: 'nvidia', count, capabilities: ['gpu'] }]);
    return edit ? { title: `Reserve ${count} NVIDIA GPU${count > 1 ? 's' : ''}`, edits: [edit], safe: true } : undefined;
  },
};
