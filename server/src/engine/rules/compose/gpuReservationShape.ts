import { isMap, isSeq } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { appendItem, insertKey, setPath } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { asStringList, perService } from '../../compose/facts';
import { deviceProblems, GPU_DEVICE, gpuDevices, gpuRequests } from '../shared/gpu';
import { atKey, atValue, serviceOf, servicesOf } from '../shared/util';

const MESSAGES = {
  'no-capabilities': 'lacks `capabilities` (a GPU needs [gpu])',
  'no-gpu-capability': 'does not list the `gpu` capability',
  'count-and-ids': 'sets both `count` and `device_ids` (compose rejects that)',
};

const deviceOf = (js: unknown) => (js && typeof js === 'object' ? js : {}) as Record<string, unknown>;
/** A device entry that asks for GPUs (`capabilities` lists gpu). */
const isGpuDevice = (ref: { js: unknown }) => asStringList(deviceOf(ref.js).capabilities).some((c) => c.toLowerCase() === 'gpu');

/** The service's GPU settings (remembered per service: the rule counts the services that reserve GPUs on every check). */
const gpuShape = perService((svc) => {
  const devices = gpuDevices(svc);
  const runtime = svc.get(['runtime']);
  return {
    devices,
    problems: deviceProblems(svc),
    gpusKey: svc.get(['gpus']),
    /** `runtime: nvidia`, the legacy way. */
    runtime: runtime?.js === 'nvidia' ? runtime : undefined,
    reservesGpus: devices.some(isGpuDevice) || gpuRequests(svc).some((r) => r.source === 'gpus'),
  };
});

export const gpuReservationShape: Rule<ComposeContext> = {
  id: 'gpu-reservation-shape',
  kind: 'compose',
  title: 'GPU reservations have the shape compose expects',
  rationale:
    'A device reservation without `capabilities: [gpu]`, or with both `count` and `device_ids`, is rejected by compose or silently gives the container no GPU, and the model falls back to the CPU, many times slower. A reservation with `capabilities: [gpu]` and neither `count` nor `device_ids` is valid: Docker documents it as reserving all GPUs (https://docs.docker.com/compose/how-tos/gpu-support/), as does `gpus: all`, so it is not reported as malformed and nothing narrows it to one GPU. Only when more than one service reserves GPUs (deploy devices or the `gpus:` key) does the rule add a hint that this service takes all of them (they share the cards; give each a `count` or `device_ids` if that is not intended). Legacy `runtime: nvidia` is not portable and does not reserve a device; use `deploy.resources.reservations.devices`.',
  defaultSeverity: 'warning',
  fixDescription: 'Completes the device entry (`capabilities: [gpu]`), or adds `devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]` next to `runtime: nvidia`.',
  *check(ctx) {
    let gpuServices: number | undefined;
    for (const svc of servicesOf(ctx)) {
      const { devices, problems, gpusKey, runtime } = gpuShape(svc);
      if (!devices.length && !gpusKey && !runtime) continue;
      for (const p of problems) {
        yield atValue(svc, devices[p.index], `The device reservation of "${svc.name}" ${MESSAGES[p.kind]}.`, { index: p.index, kind: p.kind });
      }
      if ((devices.length || gpusKey) && gpuServices === undefined) gpuServices = servicesOf(ctx).filter((s) => gpuShape(s).reservesGpus).length;
      const others = (gpuServices ?? 0) - 1;
      if (others > 0) {
        for (const [index, ref] of devices.entries()) {
          const d = deviceOf(ref.js);
          if (!isGpuDevice(ref) || d.device_ids !== undefined || (d.count !== undefined && String(d.count).toLowerCase() !== 'all')) continue;
          const draft = atValue(svc, ref, `"${svc.name}" reserves all GPUs (${d.count === undefined ? 'no count or device_ids' : 'count: all'}) and ${others} other service${others > 1 ? 's reserve' : ' reserves'} GPUs too: they share the cards. Set count or device_ids if each should have its own.`, { index, kind: 'all-gpus' });
          draft.severity = 'hint';
          yield draft;
        }
        // `gpus: all`, or a `gpus:` entry without count or device_ids, takes every GPU as well.
        if (gpusKey && gpuRequests(svc).some((r) => r.source === 'gpus' && r.scope === 'all')) {
          const draft = atValue(svc, gpusKey, `"${svc.name}" takes all GPUs (gpus: ${typeof gpusKey.js === 'string' ? gpusKey.js : 'without count or device_ids'}) and ${others} other service${others > 1 ? 's reserve' : ' reserves'} GPUs too: they share the cards. Set count or device_ids if each should have its own.`, { kind: 'all-gpus' });
          draft.severity = 'hint';
          yield draft;
        }
      }
      if (runtime && devices.length === 0 && !gpusKey) {
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
    if (kind === 'no-gpu-capability') {
      const caps = ref.node.get('capabilities', true);
      return isSeq(caps) ? { title: 'Add the gpu capability', edits: [appendItem(ref.file, caps, 'gpu')], safe: true } : undefined;
    }
    return undefined;
  },
};
