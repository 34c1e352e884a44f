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
