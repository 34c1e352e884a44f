/**
 * The Containers view's swarm actions, through the engine API of the manager: scale a service, roll
 * it back to its previous spec, and the argument array for following its logs in a terminal.
 */
import type Docker from 'dockerode';

interface ServiceInspect {
  ID: string;
  Version: { Index: number };
  Spec: { Name: string; Mode?: { Replicated?: { Replicas?: number }; Global?: object } } & Record<string, unknown>;
  PreviousSpec?: unknown;
}

async function inspect(docker: Docker, service: string): Promise<ServiceInspect> {
  return (await docker.getService(service).inspect()) as ServiceInspect;
}

/** Sets the replica count of a replicated service; a global service cannot be scaled. */
export async function scaleService(docker: Docker, service: string, replicas: number): Promise<void> {
  if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`replicas must be a whole number ≥ 0, got ${replicas}`);
  const s = await inspect(docker, service);
  if (!s.Spec.Mode?.Replicated) throw new Error(`${s.Spec.Name} is a global service (one task per node); it cannot be scaled`);
  const spec = { ...s.Spec, Mode: { Replicated: { Replicas: replicas } } };
  await docker.getService(s.ID).update({ _query: { version: s.Version.Index }, _body: spec } as never);
}

/** `docker service rollback`: back to PreviousSpec, with the service's rollback_config. */
export async function rollbackService(docker: Docker, service: string): Promise<void> {
  const s = await inspect(docker, service);
  if (!s.PreviousSpec) throw new Error(`${s.Spec.Name} has no previous version to roll back to`);
  await docker.getService(s.ID).update({ _query: { version: s.Version.Index, rollback: 'previous' }, _body: s.Spec } as never);
}
