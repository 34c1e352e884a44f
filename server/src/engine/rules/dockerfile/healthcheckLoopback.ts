import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, replace } from './util';

export const healthcheckLoopback: Rule<DockerfileContext> = {
  id: 'dockerfile-healthcheck-loopback-ip',
  kind: 'dockerfile',
  title: 'Health checks probe 127.0.0.1, not localhost',
  rationale:
    '`localhost` may resolve to `::1` first (musl/Alpine, newer glibc), while many servers listen on IPv4 only: the probe then fails although the app is fine, and the container is marked unhealthy or restarted. `127.0.0.1` is unambiguous.',
  defaultSeverity: 'warning',
  fixDescription: 'Replaces `localhost` with `127.0.0.1`.',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if (instr.keyword !== 'HEALTHCHECK') continue;
      for (const m of instr.body.text.matchAll(/\blocalhost\b/gi)) {
        yield at(ctx, instr.body.sourceRange(m.index!, m.index! + m[0].length), 'The health check probes `localhost`, which may resolve to IPv6 ::1 while the app listens on IPv4. Use 127.0.0.1.');
      }
    }
  },
  fix(ctx, finding) {
    return { title: 'Use 127.0.0.1', edits: [replace(ctx, finding.range, '127.0.0.1')], safe: true };
  },
};
