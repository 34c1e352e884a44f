import { hostNamespaceRule } from '../shared/hostNamespace';
import { shmServer } from './modelServerShmSize';
import { serviceOf } from '../shared/util';

const base = hostNamespaceRule({
  id: 'no-host-ipc',
  key: 'ipc',
  title: 'Do not share the host IPC namespace',
  rationale:
    '`ipc: host` gives the container the host\'s shared memory and semaphores: it can read or corrupt memory that host processes share. Model servers (vLLM, TGI, SGLang) that use it for PyTorch/NCCL shared memory need only `shm_size` (https://docs.vllm.ai/en/latest/deployment/docker.html); the fix adds `shm_size: 1gb` for them.',
  defaultSeverity: 'error',
  exposes: 'shared memory and semaphores',
  deletable: true,
});

export const noHostIpc: typeof base = {
  ...base,
  fixDescription: 'Deletes the `ipc: host` line; on vLLM, TGI and SGLang without shm_size, adds `shm_size: 1gb` in its place.',
  *check(ctx) {
    for (const draft of base.check(ctx)) {
      const svc = draft.service ? ctx.model.service(draft.service) : undefined;
      const server = svc && shmServer(svc);
      if (server) draft.message += ` ${server} needs only shared memory: use shm_size (e.g. 1gb) instead.`;
      yield draft;
    }
  },
  fix(ctx, finding) {
    const fix = base.fix?.(ctx, finding);
    const svc = serviceOf(ctx, finding);
    if (!fix || !svc?.node || !shmServer(svc) || svc.get(['shm_size'])) return fix;
    // `ipc: host` → `shm_size: 1gb` in place (a delete plus an insert at the map's end may touch and be refused).
    const ref = svc.get(['ipc']);
    const start = ref?.keyNode?.range?.[0];
    const end = ref?.node?.range?.[1];
    if (!ref || ref.via || start === undefined || end === undefined) return fix;
    return { title: 'Replace ipc: host with shm_size: 1gb', edits: [{ file: ref.file.path, range: { start, end }, newText: 'shm_size: 1gb' }], safe: true };
  },
};
