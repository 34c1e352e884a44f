import { hostNamespaceRule } from '../shared/hostNamespace';

export const noHostUserns = hostNamespaceRule({
  id: 'no-host-userns',
  key: 'userns_mode',
  title: 'Do not share the host user namespace',
  rationale:
    '`userns_mode: host` disables user-namespace remapping for the container when the daemon uses it: root in the container is root on the host again.',
  defaultSeverity: 'error',
  exposes: 'user namespace: container root is host root',
  deletable: true,
});
