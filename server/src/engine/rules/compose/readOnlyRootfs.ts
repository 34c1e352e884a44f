import type { ComposeContext } from '../../compose/context';
import { imageOf } from '../../compose/facts';
import type { ServiceView } from '../../compose/model';
import { appendItem, insertKey, insertKeys, isScalar, isSeq } from '../../edits/yamlEdit';
import type { Rule, TextEdit } from '../../rule';
import { atValue, missing, serviceOf, servicesOf } from '../shared/util';
import { fromUnsetVariable } from '../shared/unsetVariable';

/** Writable dirs some images need besides /tmp (socket and lock files), so the fix does not break them. */
function tmpfsDirs(svc: ServiceView): string[] {
  const repo = imageOf(svc)?.repository ?? '';
  if (/(^|\/)(postgres|postgis|pgvector|timescaledb)$/.test(repo)) return ['/tmp', '/var/run/postgresql'];
  if (/(^|\/)(mysql|mariadb)$/.test(repo)) return ['/tmp', '/var/run/mysqld'];
  return ['/tmp'];
}

export const readOnlyRootfs: Rule<ComposeContext> = {
  id: 'read-only-rootfs',
  kind: 'compose',
  title: 'Read-only root filesystem',
  rationale:
    'With `read_only: true` an attacker who gets code execution cannot drop tools or change the app\'s files inside the container, and the image stays what was reviewed. Writable places are explicit: volumes for data, `tmpfs` for scratch space such as /tmp. A `read_only` set through a variable is only known at `up` time and is not judged.',
  defaultSeverity: 'warning',
  scope: 'service',
  reportsAbsence: true,
  fixDescription: 'Sets `read_only: true` and adds `tmpfs: [/tmp]` (an existing `tmpfs` is kept; /tmp is appended to it when missing).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['read_only']);
      if (ref?.js === true || ref?.js === 'true') continue;
      // Interpolated: only known at `up` time (in a set, an unset variable became a blank value).
      if ((typeof ref?.js === 'string' && ref.js.includes('${')) || fromUnsetVariable(ctx.model, ref)) continue;
      if (ref) yield atValue(svc, ref, `Service "${svc.name}" has a writable root filesystem (read_only: ${String(ref.js)}).`);
      else yield missing(svc, `Service "${svc.name}" has a writable root filesystem: add read_only: true (and tmpfs for scratch dirs).`);
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    if (!svc?.node) return undefined;
    const ref = svc.get(['read_only']);
    if (ref && (ref.via || !isScalar(ref.node))) return undefined;
    const tmpfs = svc.get(['tmpfs']);
    const edits: TextEdit[] = [];
    // Raw text: replaceScalar would write the string "true", which is not a boolean.
    if (ref && isScalar(ref.node)) edits.push({ file: ref.file.path, range: ref.file.rangeOf(ref.node), newText: 'true' });
    if (!tmpfs) {
      const dirs = tmpfsDirs(svc);
      edits.push(ref ? insertKey(svc.file, svc.node, 'tmpfs', dirs) : insertKeys(svc.file, svc.node, { read_only: true, tmpfs: dirs }));
    } else {
      if (!ref) edits.push(insertKey(svc.file, svc.node, 'read_only', true));
      const hasTmp = svc.items(['tmpfs']).some((i) => String(i.js).split(':')[0].replace(/\/+$/, '') === '/tmp') || String(tmpfs.js).split(':')[0] === '/tmp';
      if (!hasTmp && !tmpfs.via && isSeq(tmpfs.node)) edits.push(appendItem(tmpfs.file, tmpfs.node, '/tmp'));
    }
    return { title: 'Make the root filesystem read-only (tmpfs for /tmp)', edits, safe: true };
  },
};
