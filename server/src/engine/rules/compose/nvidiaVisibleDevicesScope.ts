/** NVIDIA_VISIBLE_DEVICES=all against the service's GPU reservation (deploy devices or `gpus:`). */
import type { ComposeContext } from '../../compose/context';
import { envEntries, imageOf, isOllama } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import type { Rule } from '../../rule';
import { gpuDevices } from './gpu';
import { servicesOf } from './util';

/** 'none', 'all' or 'some' GPUs reserved, from deploy.resources.reservations.devices and the `gpus:` key. */
export function gpuScope(svc: ServiceView): 'none' | 'all' | 'some' {
  const scopes: ('all' | 'some')[] = [];
  for (const ref of gpuDevices(svc)) {
    const d = (ref.js && typeof ref.js === 'object' ? ref.js : {}) as Record<string, unknown>;
    scopes.push(d.device_ids !== undefined || (d.count !== undefined && String(d.count).toLowerCase() !== 'all') ? 'some' : 'all');
  }
  const gpus = svc.get(['gpus'])?.js;
  if (typeof gpus === 'string') scopes.push(gpus.trim().toLowerCase() === 'all' ? 'all' : 'some');
  else if (Array.isArray(gpus)) for (const g of gpus) {
    const d = (g && typeof g === 'object' ? g : {}) as Record<string, unknown>;
    scopes.push(d.device_ids !== undefined || (d.count !== undefined && String(d.count).toLowerCase() !== 'all') ? 'some' : 'all');
  }
  return scopes.length === 0 ? 'none' : scopes.includes('all') ? 'all' : 'some';
}

export const nvidiaVisibleDevicesScope: Rule<ComposeContext> = {
  id: 'nvidia-visible-devices-scope',
  kind: 'compose',
  title: 'NVIDIA_VISIBLE_DEVICES=all does not replace, and may widen, a GPU reservation',
  rationale:
    'Compose gives a service GPUs through `deploy.resources.reservations.devices` or `gpus:` (https://docs.docker.com/compose/how-tos/gpu-support/). NVIDIA_VISIBLE_DEVICES is read by the NVIDIA container runtime (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html): under Docker\'s default runc it gives no GPU at all, and where `nvidia` is the daemon\'s default runtime (or `runtime: nvidia`) `all` hands the container every GPU of the host — beside a reservation of `count: 1` or `device_ids`, it silently undoes the split between services. Reserve the GPUs in compose and drop the variable (or set it to the same device ids).',
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const e = envEntries(svc).find((x) => x.name === 'NVIDIA_VISIBLE_DEVICES');
      if (!e || e.value?.trim().toLowerCase() !== 'all') continue;
      const scope = gpuScope(svc);
      const at = { service: svc.name, file: e.ref.file.path, range: e.range };
      if (scope === 'some') {
        yield { ...at, data: { kind: 'conflict' }, message: `"${svc.name}" reserves some GPUs but sets NVIDIA_VISIBLE_DEVICES=all: with the NVIDIA runtime it sees every GPU of the host, including those reserved for other services. Drop the variable or set it to the reserved device ids.` };
      } else if (scope === 'none' && svc.get(['runtime'])?.js !== 'nvidia' && !isOllama(imageOf(svc))) {
        // Ollama: ollama-gpu-reservation reports the missing reservation, with a fix.
        yield { ...at, data: { kind: 'no-reservation' }, message: `"${svc.name}" sets NVIDIA_VISIBLE_DEVICES=all without a GPU reservation: under runc it gets no GPU, and where nvidia is the default runtime it gets all of them. Reserve GPUs with deploy.resources.reservations.devices or gpus:.` };
      }
    }
  },
};
