import { hostNamespaceRule } from '../shared/hostNamespace';

export const noHostNetwork = hostNamespaceRule({
  id: 'no-host-network',
  key: 'network_mode',
  title: 'Do not use the host network',
  rationale:
    '`network_mode: host` puts the container on the host\'s network stack: every port it opens is open on the host (bypassing `ports:` and 127.0.0.1 binding), and it can reach services listening on the host\'s loopback. Use a user-defined network and publish only the ports you need.',
  defaultSeverity: 'error',
  exposes: 'network stack: every port it opens is open on the host; use a user-defined network',
  deletable: false,
});
