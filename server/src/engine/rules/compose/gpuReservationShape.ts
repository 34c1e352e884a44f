import { isMap, isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { appendItem, insertKey, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { deviceProblems, GPU_DEVICE, gpuDevices } from './gpu';
import { atKey, atValue, serviceOf, servicesOf } from './util';

const MESSAGES = {
  'no-capabilities': 'lacks `capabilities` (a GPU needs [gpu])',
  'no-gpu-capability': 'does not list the `gpu` capability',
  'no-count': 'has neither `count` nor `device_ids`',
  'count-and-ids': 'sets both `count` and `device_ids` (compose rejects that)',
};

export const gpuReservationShape: Rule<ComposeContext> = {
  id: 'gpu-reservation-shape',
  kind: 'compose',
  title: 'GPU reservations have the shape compose expects',
  rationale:
    'A device reservation without `capabilities: [gpu]`, without `count`/`device_ids`, or with both is rejected by compose or silently gives the container no GPU, and the model falls back to the CPU, many times slower. Legacy `runtime: nvidia` is not portable and does not reserve a device; use `deploy.resources.reservations.devices`.',
  defaultSeverity: 'warning',
  fixDescription: 'Completes the device entry (`capabilities: [gpu]`, `count: 1`), or adds `devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]` next to `runtime: nvidia`.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const devices = gpuDevices(svc);
      for (const p of deviceProblems(svc)) {
        yield atValue(svc, devices[p.index], `The device reservation of "${svc.name}" ${MESSAGES[p.kind]}.`, { index: p.index, kind: p.kind });
      }
      const runtime = svc.get(['runtime']);
      if (runtime?.js === 'nvidia' && devices.length === 0) {
        yield atKey(svc, runtime, `"${svc.name}" uses the legacy runtime: nvidia without a device reservation: reserve the GPU under deploy.resources.reservations.devices.`, { kind: 'runtime' });
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const kind = finding.data?.kind;
    if (kind === 'runtime') {
      const edit = setPath(svc.file, svc.node, ['deploy', 'resources', 'reservations', 'devices'], [GPU_DEVICE]);
      return edit && { title: 'Reserve one NVIDIA GPU', edits: [edit], safe: true };
    }
    const ref = gpuDevices(svc)[Number(finding.data?.index)];
    if (!ref || ref.via || !isMap(ref.node)) return undefined;
    if (kind === 'no-capabilities') return { title: 'Add capabilities: [gpu]', edits: [insertKey(ref.file, ref.node, 'capabilities', ['gpu'])], safe: true };
    if (kind === 'no-count') return { title: 'Add count: 1', edits: [insertKey(ref.file, ref.node, 'count', 1)], safe: true };
    if (kind === 'no-gpu-capability') {
      const caps = ref.node.get('capabilities', true);
      return isSeq(caps) ? { title: 'Add the gpu capability', edits: [appendItem(ref.file, caps, 'gpu')], safe: true } : undefined;
    }
    return undefined;
  },
};
