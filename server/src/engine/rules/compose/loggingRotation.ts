import type { ComposeContext } from '../../compose/context';
import { imageOf, isDatabase, isRedisLike } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import { insertKey, insertKeys, isMap } from '../../edits/yamlEdit';
import type { Rule } from '../../rule';
import { atKey, missing, serviceOf, servicesOf } from '../shared/util';

/** Drivers that write to the host's disk and rotate only when told to. */
const LOCAL_DRIVERS = new Set(['json-file', 'local']);

/** Databases and Redis log more (slow queries, AOF rewrites): bigger files, more of them. */
function rotation(svc: ServiceView): { 'max-size': string; 'max-file': string } {
  const image = imageOf(svc);
  return isDatabase(image) || isRedisLike(image) ? { 'max-size': '50m', 'max-file': '5' } : { 'max-size': '10m', 'max-file': '3' };
}

export const loggingRotation: Rule<ComposeContext> = {
  id: 'logging-rotation',
  kind: 'compose',
  title: 'Rotate container logs',
  rationale:
    'Docker\'s default json-file driver keeps every line a container prints, forever: a chatty or crash-looping service fills the host disk, and then the database cannot write either. `max-size` and `max-file` cap each container\'s logs.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Inserts `logging: {driver: json-file, options: {max-size: "10m", max-file: "3"}}` (50m/5 for databases and Redis), or adds the missing options.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const logging = svc.get(['logging']);
      if (!logging) {
        yield missing(svc, `Service "${svc.name}" does not rotate its logs: they grow until the disk is full.`);
        continue;
      }
      const driver = svc.get(['logging', 'driver'])?.js;
      if (driver != null && !LOCAL_DRIVERS.has(String(driver))) continue;
      const missingOpts = (['max-size', 'max-file'] as const).filter((o) => svc.get(['logging', 'options', o])?.js == null);
      if (missingOpts.length) yield atKey(svc, logging, `Service "${svc.name}" logs to disk without ${missingOpts.join(' and ')}: the logs grow until the disk is full.`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const opts = rotation(svc);
    const title = `Rotate logs (${opts['max-size']} × ${opts['max-file']})`;
    const logging = svc.get(['logging']);
    if (!logging) return { title, edits: [insertKey(svc.file, svc.node, 'logging', { driver: 'json-file', options: opts })], safe: true };
    if (logging.via || !isMap(logging.node)) return undefined;
    const options = svc.get(['logging', 'options']);
    if (!options) return { title, edits: [insertKey(logging.file, logging.node, 'options', opts)], safe: true };
    if (options.via || !isMap(options.node)) return undefined;
    // A key written with no value (`max-size:`) cannot be inserted again; leave that one to a person.
    const add = Object.fromEntries(Object.entries(opts).filter(([k]) => !svc.get(['logging', 'options', k])));
    if (Object.keys(add).length === 0) return undefined;
    return { title, edits: [insertKeys(options.file, options.node, add)], safe: true };
  },
};
