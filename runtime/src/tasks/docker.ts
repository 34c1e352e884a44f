/**
 * Docker API access for the task runner: the engine is resolved exactly as the Containers view
 * resolves it (runtime/src/docker/connection.ts), and project containers are found by the compose
 * labels the view groups by (runtime/src/docker/labels.ts).
 */
import type Docker from 'dockerode';
import { COMPOSE_LABEL } from '../docker/labels';

export interface ListFilter {
  service?: string;
  oneoff?: boolean;
  /** Include stopped containers. */
  all?: boolean;
}

export async function projectContainers(docker: Docker, project: string, filter: ListFilter = {}): Promise<Docker.ContainerInfo[]> {
  const label = [`${COMPOSE_LABEL.project}=${project}`];
  if (filter.service) label.push(`${COMPOSE_LABEL.service}=${filter.service}`);
  if (filter.oneoff !== undefined) label.push(`${COMPOSE_LABEL.oneoff}=${filter.oneoff ? 'True' : 'False'}`);
  return docker.listContainers({ all: filter.all ?? true, filters: { label } });
}

/** The compose service of a listed container. */
export function serviceOf(info: Docker.ContainerInfo): string | undefined {
  return info.Labels[COMPOSE_LABEL.service];
}

/** A message for "the engine did not answer", naming where it looked. */
export function engineError(err: unknown, engineLabel?: string): string {
  const e = err as NodeJS.ErrnoException;
  const at = engineLabel ? ` at ${engineLabel}` : '';
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED' || e?.code === 'EACCES') {
    return `Docker engine not reachable${at} (${e.code}${e.code === 'EACCES' ? ': no permission on the socket' : ''}). Start Docker or set DOCKER_HOST / aiStack.docker.host.`;
  }
  return `Docker API error: ${e?.message ?? String(err)}`;
}
