import { isScalar, isSeq, Node } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ValueRef } from '../../compose/model';
import { replaceInScalar } from '../../edits/yamlEdit';
import type { Rule, TextEdit } from '../../rule';
import { atValue, serviceOf, servicesOf } from './util';

const LOCALHOST = /\blocalhost\b/;

/** The scalars of `healthcheck.test` (a string, or the items of a list). */
function testScalars(ref: ValueRef | undefined): Node[] {
  if (!ref?.node) return [];
  if (isScalar(ref.node)) return [ref.node];
  if (isSeq(ref.node)) return ref.node.items.map((i) => ref.file.resolve(i)).filter((n): n is Node => isScalar(n));
  return [];
}

export const healthcheckLoopbackIp: Rule<ComposeContext> = {
  id: 'healthcheck-loopback-ip',
  kind: 'compose',
  title: 'Healthchecks probe 127.0.0.1, not localhost',
  rationale:
    '`localhost` may resolve to ::1 first (newer Debian/Alpine images, busybox wget, Node 17+), while many servers listen on 0.0.0.0 (IPv4 only): the probe fails although the app is fine, and the container is marked unhealthy. 127.0.0.1 means exactly IPv4 loopback.',
  defaultSeverity: 'warning',
  fixDescription: 'Replaces `localhost` with `127.0.0.1` inside the healthcheck test only.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['healthcheck', 'test']);
      const hit = testScalars(ref).find((n) => isScalar(n) && LOCALHOST.test(String(n.value)));
      if (!ref || !hit?.range) continue;
      const draft = atValue(svc, ref, `The healthcheck of "${svc.name}" probes localhost, which may resolve to ::1: use 127.0.0.1.`);
      if (!ref.via) {
        const src = ref.file.text.slice(hit.range[0], hit.range[1]);
        const at = src.search(LOCALHOST);
        if (at >= 0) draft.range = { start: hit.range[0] + at, end: hit.range[0] + at + 'localhost'.length };
      }
      yield draft;
    }
  },
  fix(ctx, finding) {
    const ref = serviceOf(ctx, finding)?.get(['healthcheck', 'test']);
    if (!ref) return undefined;
    // Inside an anchor the edit is right for every service that merges it, so it is made there.
    const edits: TextEdit[] = testScalars(ref).flatMap((n) => (isScalar(n) ? replaceInScalar(ref.file, n, /\blocalhost\b/g, '127.0.0.1') : []));
    return edits.length ? { title: 'Probe 127.0.0.1 instead of localhost', edits, safe: true } : undefined;
  },
};
