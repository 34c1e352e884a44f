import { hostNamespaceRule } from '../shared/hostNamespace';

export const noHostUts = hostNamespaceRule({
  id: 'no-host-uts',
  key: 'uts',
  title: 'Do not share the host UTS namespace',
  rationale: '`uts: host` lets the container change the host\'s hostname and domain name, which other host services and logs rely on.',
  defaultSeverity: 'warning',
  exposes: 'hostname and domain name',
  deletable: true,
});
