import type { ComposeContext } from '../../compose/context';
import { volumeSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { atValue, servicesOf } from '../shared/util';

const SOCKET = /docker\.sock\}?\/?$/;

export const noDockerSocket: Rule<ComposeContext> = {
  id: 'no-docker-socket',
  kind: 'compose',
  title: 'Do not mount the Docker socket',
  rationale:
    'Whoever can talk to /var/run/docker.sock can start a privileged container that mounts the host\'s root: mounting the socket gives the service root on the host, read-only or not (`:ro` only protects the socket file, not the API). Use a socket proxy that allows only the calls needed. `use_api_socket: true` (Compose 2.37+, https://docs.docker.com/reference/compose-file/services/#use_api_socket) mounts the same engine API into the container (with the user\'s registry credentials), so it is reported too.',
  defaultSeverity: 'error',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const api = svc.get(['use_api_socket']);
      if (api?.js === true || (typeof api?.js === 'string' && api.js.trim().toLowerCase() === 'true')) {
        yield atValue(svc, api, `Service "${svc.name}" sets use_api_socket: true: it gets the Docker engine API (root on the host) and your registry credentials.`);
      }
      for (const vol of volumeSpecs(svc)) {
        const source = vol.source ?? '';
        if (SOCKET.test(source)) {
          const draft = atValue(svc, vol.ref, `Service "${svc.name}" mounts the Docker socket (${source}): that is root on the host${vol.readOnly ? ', even read-only' : ''}.`);
          if (vol.readOnly) draft.severity = 'warning';
          yield draft;
        } else if (source.includes('${') && SOCKET.test(vol.target)) {
          const draft = atValue(svc, vol.ref, `Service "${svc.name}" mounts ${source} at ${vol.target}: if that variable points to the Docker socket, the service is root on the host.`);
          draft.severity = 'hint';
          yield draft;
        }
      }
    }
  },
};
