/** Docker API access for the task runner (dockerode): project containers by compose labels. */
import Docker from 'dockerode';

/** `unix:///path`, `npipe://…` or `tcp://host:port`; empty: DOCKER_HOST or the default socket (dockerode's own lookup). */
export function dockerClient(host?: string): Docker {
  if (!host) return new Docker();
  const url = new URL(host);
  if (url.protocol === 'unix:' || url.protocol === 'npipe:') return new Docker({ socketPath: url.pathname });
  return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: url.protocol === 'https:' ? 'https' : 'http' });
}

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  oneoff: 'com.docker.compose.oneoff',
} as const;

export interface ListFilter {
  service?: string;
  oneoff?: boolean;
  /** Include stopped containers. */
  all?: boolean;
}

export async function projectContainers(docker: Docker, project: string, filter: ListFilter = {}): Promise<Docker.ContainerInfo[]> {
  const label = [`${LABEL.project}=${project}`];
  if (filter.service) label.push(`${LABEL.service}=${filter.service}`);
  if (filter.oneoff !== undefined) label.push(`${LABEL.oneoff}=${filter.oneoff ? 'True' : 'False'}`);
  return docker.listContainers({ all: filter.all ?? true, filters: { label } });
}

/** A message for "the engine did not answer", naming where it looked. */
export function engineError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED' || e?.code === 'EACCES') {
    return `Docker engine not reachable (${e.code}${e.code === 'EACCES' ? ': no permission on the socket' : ''}). Start Docker or set DOCKER_HOST / aiStack.docker.host.`;
  }
  return `Docker API error: ${e?.message ?? String(err)}`;
}
