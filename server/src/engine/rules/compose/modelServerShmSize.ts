/** Shared memory for PyTorch/NCCL model servers (vLLM, TGI, SGLang): Docker's 64 MB /dev/shm is too small. */
import type { ComposeContext } from '../../compose/context';
import { imageOf } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { atValue, insertFix, missing, serviceOf, servicesOf } from '../shared/util';

const SHM_IMAGES: [RegExp, string][] = [
  [/(^|\/)(vllm-openai|vllm|vllm-tpu|vllm-cpu|vllm-rocm)$/i, 'vLLM'],
  [/(^|\/)text-generation-inference$/i, 'TGI'],
  [/(^|\/)sglang$/i, 'SGLang'],
];
const GIB = 1024 ** 3;

/** The model server a service runs that needs shared memory, or undefined. */
export function shmServer(svc: ServiceView): string | undefined {
  const repo = imageOf(svc)?.repository;
  return repo ? SHM_IMAGES.find(([re]) => re.test(repo))?.[1] : undefined;
}

/** Bytes of a compose byte value (`1gb`, `512m`, 1073741824), undefined when not literal. */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = v.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/);
  if (!m) return undefined;
  return Number(m[1]) * 1024 ** ' kmgt'.indexOf(m[2] || ' ');
}

export const modelServerShmSize: Rule<ComposeContext> = {
  id: 'model-server-shm-size',
  kind: 'compose',
  title: 'Give vLLM, TGI and SGLang shared memory (shm_size)',
  rationale:
    'PyTorch shares tensors between processes through /dev/shm, and NCCL uses it between GPUs; Docker gives a container only 64 MB of it. vLLM then fails or hangs as soon as it runs more than one process (tensor parallelism, data loaders), TGI cannot start sharded. vLLM documents `--ipc=host` or `--shm-size` (https://docs.vllm.ai/en/latest/deployment/docker.html), TGI `--shm-size 1g` (https://huggingface.co/docs/text-generation-inference/quicktour and https://github.com/huggingface/text-generation-inference#a-note-on-shared-memory-shm). `shm_size` keeps the IPC namespace private; `ipc: host` also works but shares the host\'s shared memory (no-host-ipc).',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Adds `shm_size: 1gb` to the service (missing shm_size only; raising a smaller value is left to a person).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const server = shmServer(svc);
      if (!server) continue;
      const ipc = svc.get(['ipc'])?.js;
      if (typeof ipc === 'string' && ipc.trim() !== '' && ipc.trim().toLowerCase() !== 'private') continue; // host (no-host-ipc), shareable or service:x
      const shm = svc.get(['shm_size']);
      if (!shm) {
        yield missing(svc, `${server} service "${svc.name}" has no shm_size: Docker's 64 MB /dev/shm is too small for PyTorch/NCCL (multi-GPU or multi-process loads fail). Add shm_size: 1gb (or more).`, { server });
        continue;
      }
      const bytes = parseBytes(shm.js);
      if (bytes !== undefined && bytes < GIB) {
        yield atValue(svc, shm, `shm_size ${String(shm.js)} of ${server} service "${svc.name}" is under 1 GB: PyTorch/NCCL shared memory runs out. Use at least 1gb.`, { server, small: true });
      }
    }
  },
  fix(ctx, finding) {
    if (finding.data?.small) return undefined;
    const svc = serviceOf(ctx, finding);
    if (!svc || svc.get(['shm_size'])) return undefined;
    return insertFix(ctx, finding, ['shm_size'], '1gb', 'Add shm_size: 1gb');
  },
};
