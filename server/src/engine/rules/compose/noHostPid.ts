import { hostNamespaceRule } from '../shared/hostNamespace';

export const noHostPid = hostNamespaceRule({
  id: 'no-host-pid',
  key: 'pid',
  title: 'Do not share the host PID namespace',
  rationale:
    '`pid: host` lets the container see and signal every process on the host, and read their environment and command lines (often containing secrets) through /proc.',
  defaultSeverity: 'error',
  exposes: 'process table: it can see and signal every host process',
  deletable: true,
});
