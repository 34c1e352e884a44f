/** GPU device reservations (`deploy.resources.reservations.devices`), shared by the GPU rules. */
import type { ServiceView } from '../../compose/model';
import { asStringList } from '../../compose/facts';

export const GPU_DEVICE = { driver: 'nvidia', count: 1, capabilities: ['gpu'] };

export interface DeviceProblem {
  index: number;
  kind: 'no-capabilities' | 'no-gpu-capability' | 'count-and-ids';
}

export function gpuDevices(svc: ServiceView) {
  return svc.items(['deploy', 'resources', 'reservations', 'devices']);
}

export function deviceProblems(svc: ServiceView): DeviceProblem[] {
  const out: DeviceProblem[] = [];
  gpuDevices(svc).forEach((ref, index) => {
    const d = (ref.js && typeof ref.js === 'object' ? ref.js : {}) as Record<string, unknown>;
    const caps = asStringList(d.capabilities).map((c) => c.toLowerCase());
    const looksGpu = /nvidia|amd|gpu/i.test(String(d.driver ?? '')) || d.count !== undefined || d.device_ids !== undefined;
    if (d.capabilities === undefined) out.push({ index, kind: 'no-capabilities' });
    else if (looksGpu && !caps.includes('gpu')) out.push({ index, kind: 'no-gpu-capability' });
    // Neither `count` nor `device_ids` is valid: Docker reserves all GPUs (like `count: all`).
    if (d.count !== undefined && d.device_ids !== undefined) out.push({ index, kind: 'count-and-ids' });
  });
  return out;
}

/** One request for GPUs, from `deploy.resources.reservations.devices` or the `gpus:` service key. */
export interface GpuRequest {
  source: 'deploy' | 'gpus';
  /** 'all': neither count nor device_ids (or count: all, gpus: all); 'some': a count or device ids. */
  scope: 'all' | 'some';
  /** device_ids as written (strings), when given. */
  deviceIds?: string[];
}

function requestOf(source: GpuRequest['source'], js: unknown): GpuRequest {
  const d = (js && typeof js === 'object' ? js : {}) as Record<string, unknown>;
  const deviceIds = d.device_ids !== undefined ? asStringList(d.device_ids) : undefined;
  const some = deviceIds !== undefined || (d.count !== undefined && String(d.count).toLowerCase() !== 'all');
  return { source, scope: some ? 'some' : 'all', deviceIds };
}

/**
 * GPU requests of the service (https://docs.docker.com/compose/how-tos/gpu-support/): deploy device
 * entries that list the gpu capability, and `gpus: all` or a `gpus:` list
 * (https://docs.docker.com/reference/compose-file/services/#gpus).
 */
export function gpuRequests(svc: ServiceView): GpuRequest[] {
  const out: GpuRequest[] = [];
  for (const ref of gpuDevices(svc)) {
    const d = (ref.js && typeof ref.js === 'object' ? ref.js : {}) as Record<string, unknown>;
    // A GPU entry, or one gpu-reservation-shape reports for its missing capability.
    if (asStringList(d.capabilities).some((c) => c.toLowerCase() === 'gpu') || /nvidia|amd|gpu/i.test(String(d.driver ?? ''))) out.push(requestOf('deploy', d));
  }
  const gpus = svc.get(['gpus'])?.js;
  if (typeof gpus === 'string') out.push({ source: 'gpus', scope: gpus.trim().toLowerCase() === 'all' ? 'all' : 'some' });
  else if (Array.isArray(gpus)) for (const g of gpus) out.push(requestOf('gpus', g));
  return out;
}

/**
 * GPU device nodes passed with `devices:`: AMD ROCm needs /dev/kfd and /dev/dri
 * (https://rocm.docs.amd.com/projects/install-on-linux/en/latest/how-to/docker.html), Intel GPUs
 * /dev/dri; CDI names (`nvidia.com/gpu=all`, `amd.com/gpu=…`) request GPUs through the container
 * device interface (https://docs.docker.com/reference/cli/dockerd/#enable-cdi-devices). These give
 * the container GPU access without a deploy reservation, which AMD and Intel GPUs cannot use.
 */
export function gpuDeviceNodes(svc: ServiceView): string[] {
  const js = svc.get(['devices'])?.js;
  if (!Array.isArray(js)) return [];
  const out: string[] = [];
  for (const entry of js) {
    const text = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? String((entry as Record<string, unknown>).source ?? '') : '';
    const host = /^[a-z0-9.-]+\/gpu=/i.test(text) ? text : text.split(':')[0];
    if (/^\/dev\/(kfd|dri)(\/|$)|^\/dev\/nvidia\d*$|^[a-z0-9.-]+\/gpu=/i.test(host)) out.push(host);
  }
  return out;
}

/** The service gets GPUs: a GPU request, GPU device nodes, or the legacy `runtime: nvidia`. */
export function hasGpuAccess(svc: ServiceView): boolean {
  return gpuRequests(svc).length > 0 || gpuDeviceNodes(svc).length > 0 || svc.get(['runtime'])?.js === 'nvidia';
}
