import path from 'node:path';
import { isMap } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import { effectiveEntries } from '../../compose/mapping';
import { valueAt } from '../../compose/model';
import { volumeSpecs } from '../../compose/facts';
import type { Rule } from '../../rule';
import { atValue, servicesOf } from '../shared/util';

/** Host directories of CIS Docker Benchmark 5.6. */
const SENSITIVE = ['/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr'];

/** The sensitive directory a host path is (or is under), or undefined. */
export function sensitiveDir(hostPath: string): string | undefined {
  if (!hostPath.startsWith('/')) return undefined;
  const p = path.posix.normalize(hostPath).replace(/\/+$/, '') || '/';
  if (p === '/') return '/';
  return SENSITIVE.find((d) => p === d || p.startsWith(d + '/'));
}

/** Time-zone data: read-only, they tell the container the host's time zone and nothing else. */
const TIME_ZONE_FILES = /^\/(etc\/localtime|etc\/timezone|usr\/share\/zoneinfo(\/.*)?)$/;

export const noSensitiveHostMount: Rule<ComposeContext> = {
  id: 'no-sensitive-host-mount',
  kind: 'compose',
  title: 'Do not mount sensitive host directories',
  rationale:
    'Mounting /, /etc, /proc, /sys, /dev, /boot, /lib or /usr (or anything under them) exposes host configuration, credentials and kernel interfaces to the container; if writable, a compromised container can change the host. Mount only the files the app needs, read-only. Read-only time-zone files (`/etc/localtime`, `/etc/timezone`, `/usr/share/zoneinfo`) are not reported: they carry no secrets and cannot change the host.',
  defaultSeverity: 'error',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const vol of volumeSpecs(svc)) {
        const dir = vol.type === 'bind' && vol.source ? sensitiveDir(vol.source) : undefined;
        if (!dir) continue;
        if (vol.readOnly && TIME_ZONE_FILES.test(path.posix.normalize(vol.source!).replace(/\/+$/, ''))) continue;
        const draft = atValue(svc, vol.ref, `Service "${svc.name}" mounts the host's ${vol.source}${dir === vol.source ? '' : ` (under ${dir})`}${vol.readOnly ? ' read-only' : ''}.`);
        // Read-only single files such as /etc/localtime are common and far less dangerous.
        if (vol.readOnly) draft.severity = 'warning';
        yield draft;
      }
    }
    // Named volumes can be host binds in disguise: `driver_opts: {type: none, o: bind, device: /etc}`.
    const volumes = ctx.model.top('volumes');
    if (!volumes || !isMap(volumes.node)) return;
    for (const name of effectiveEntries(volumes.file, volumes.node).keys()) {
      for (const opt of ['device', 'mountpoint']) {
        const ref = valueAt(volumes.file, volumes.node, [name, 'driver_opts', opt]);
        if (typeof ref?.js === 'string' && sensitiveDir(ref.js)) {
          yield { message: `Volume "${name}" is backed by the host's ${ref.js}.`, file: ref.file.path, range: ref.file.rangeOf(ref.node) };
        }
      }
    }
  },
};
