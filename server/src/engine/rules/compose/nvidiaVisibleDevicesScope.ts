/** NVIDIA_VISIBLE_DEVICES=all against the service's GPU reservation (deploy devices or `gpus:`). */
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, isOllama } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { gpuRequests, hasGpuAccess } from '../shared/gpu';
import { servicesOf } from '../shared/util';

/** 'none', 'all' or 'some' GPUs reserved, from deploy.resources.reservations.devices and the `gpus:` key. */
export function gpuScope(svc: ServiceView): 'none' | 'all' | 'some' {
  const scopes = gpuRequests(svc).map((r) => r.scope);
  return scopes.length === 0 ? 'none' : scopes.includes('all') ? 'all' : 'some';
}

/** device_ids of the service's requests (union), or undefined when none names ids. */
function reservedIds(svc: ServiceView): Set<string> | undefined {
  const lists = gpuRequests(svc).map((r) => r.deviceIds).filter((x): x is string[] => x !== undefined);
  return lists.length ? new Set(lists.flat().map((x) => x.trim())) : undefined;
}

export const nvidiaVisibleDevicesScope: Rule<ComposeContext> = {
  id: 'nvidia-visible-devices-scope',
  kind: 'compose',
  title: 'NVIDIA_VISIBLE_DEVICES does not replace, and must not contradict, a GPU reservation',
  rationale:
    'Compose gives a service GPUs through `deploy.resources.reservations.devices` or `gpus:` (https://docs.docker.com/compose/how-tos/gpu-support/). NVIDIA_VISIBLE_DEVICES is read by the NVIDIA container runtime (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html): under Docker\'s default runc it gives no GPU at all, and where `nvidia` is the daemon\'s default runtime (or `runtime: nvidia`) `all` hands the container every GPU of the host — beside a reservation of `count: 1` or `device_ids`, it silently undoes the split between services. Explicit ids that differ from the `device_ids` of the reservation likewise hand the container other GPUs than the ones compose reserved for it. Reserve the GPUs in compose and drop the variable (or set it to the same device ids).',
  defaultSeverity: 'warning',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const e = envEntries(svc).find((x) => x.name === 'NVIDIA_VISIBLE_DEVICES');
      const value = e?.value?.trim().toLowerCase();
      if (!e || !value || value.includes('$')) continue;
      const at = { service: svc.name, file: e.ref.file.path, range: e.range };
      if (value !== 'all') {
        // Explicit ids beside device_ids: the runtime exposes the variable's GPUs, not the reserved ones.
        const ids = reservedIds(svc);
        const listed = value.split(',').map((x) => x.trim()).filter(Boolean);
        if (!ids || ['none', 'void'].includes(value) || (listed.length === ids.size && listed.every((x) => ids.has(x)))) continue;
        yield { ...at, data: { kind: 'ids-differ' }, message: `"${svc.name}" reserves GPU ${[...ids].join(',')} (device_ids) but NVIDIA_VISIBLE_DEVICES=${listed.join(',')}: with the NVIDIA runtime the variable decides which GPUs the container sees. Drop it, or make it list the reserved ids.` };
        continue;
      }
      const scope = gpuScope(svc);
      if (scope === 'some') {
        yield { ...at, data: { kind: 'conflict' }, message: `"${svc.name}" reserves some GPUs but sets NVIDIA_VISIBLE_DEVICES=all: with the NVIDIA runtime it sees every GPU of the host, including those reserved for other services. Drop the variable or set it to the reserved device ids.` };
      } else if (scope === 'none' && !hasGpuAccess(svc) && !isOllama(imageOf(svc))) {
        // Ollama: ollama-gpu-reservation reports the missing reservation, with a fix.
        yield { ...at, data: { kind: 'no-reservation' }, message: `"${svc.name}" sets NVIDIA_VISIBLE_DEVICES=all without a GPU reservation: under runc it gets no GPU, and where nvidia is the default runtime it gets all of them. Reserve GPUs with deploy.resources.reservations.devices or gpus:.` };
      }
    }
  },
};
