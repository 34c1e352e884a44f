import { isScalar, isSeq, Node } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ValueRef } from '../../compose/model';
import { replaceInScalar } from '../../edits/yamlEdit';
import type { Rule, TextEdit } from '../../rule';
import { firstAddressOnlyClient } from '../../shared/loopbackClients';
import { imageOf } from '../../compose/facts';
import { serviceImage } from '../shared/serviceImage';
import { atValue, serviceOf, servicesOf } from '../shared/util';

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
    'Docker puts both `127.0.0.1` and `::1` under `localhost` in a container\'s /etc/hosts, and the resolver may return ::1 first. That only breaks a probe whose client takes the first address and does not fall back: Node 17 to 19 (`fetch`, `http.get`; Node 20 tries both). Against a server that listens on IPv4 only such a probe fails although the app is fine, and the container is marked unhealthy. curl, GNU wget, Python (urllib, requests), pg_isready, redis-cli and bash `/dev/tcp` try every address, and busybox wget/nc prefer IPv4, so a `localhost` probe with them works and is not reported. The rule therefore reports a `localhost` probe run by Node when the image (`image:`, or the base image of the Dockerfile `build:` names) is Node 17, 18 or 19. 127.0.0.1 means exactly IPv4 loopback.',
  defaultSeverity: 'warning',
  scope: 'service',
  fixDescription: 'Replaces `localhost` with `127.0.0.1` inside the healthcheck test only.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const ref = svc.get(['healthcheck', 'test']);
      const scalars = testScalars(ref);
      const hit = scalars.find((n) => isScalar(n) && LOCALHOST.test(String(n.value)));
      if (!ref || !hit?.range) continue;
      const image = imageOf(svc)?.raw ?? serviceImage(ctx.model, svc)?.build?.base?.raw;
      const client = firstAddressOnlyClient(scalars.map((n) => String((n as { value?: unknown }).value)).join(' '), image);
      if (!client) continue;
      const draft = atValue(svc, ref, `The healthcheck of "${svc.name}" probes localhost with ${client}, which connects to the first address only: when that is ::1 and the app listens on IPv4, the probe fails. Use 127.0.0.1.`);
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
