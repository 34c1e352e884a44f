import { hostNamespaceRule } from './hostNamespace';

export const noHostIpc = hostNamespaceRule({
  id: 'no-host-ipc',
  key: 'ipc',
  title: 'Do not share the host IPC namespace',
  rationale:
    '`ipc: host` gives the container the host\'s shared memory and semaphores: it can read or corrupt memory that host processes share.',
  defaultSeverity: 'error',
  exposes: 'shared memory and semaphores',
  deletable: true,
});
