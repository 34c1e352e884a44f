import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { baseImage } from '../../dockerfile/context';
import { firstAddressOnlyClient } from '../../shared/loopbackClients';
import { at, replace } from './util';

export const healthcheckLoopback: Rule<DockerfileContext> = {
  id: 'dockerfile-healthcheck-loopback-ip',
  kind: 'dockerfile',
  title: 'Health checks probe 127.0.0.1, not localhost',
  rationale:
    '`localhost` in a container resolves to both 127.0.0.1 and ::1, and the resolver may return ::1 first. Only a client that takes the first address and does not fall back breaks: Node 17 to 19 (`fetch`, `http.get`; Node 20 tries both). Against a server on IPv4 only its probe fails although the app is fine. curl, GNU wget, Python, pg_isready, redis-cli and bash `/dev/tcp` try every address and busybox wget prefers IPv4, so their `localhost` probes work and are not reported. Reported: a HEALTHCHECK run by Node in a stage built on Node 17, 18 or 19. `127.0.0.1` is unambiguous.',
  defaultSeverity: 'warning',
  fixDescription: 'Replaces `localhost` with `127.0.0.1`.',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if (instr.keyword !== 'HEALTHCHECK') continue;
      const stage = ctx.stages[instr.stage];
      const client = stage && firstAddressOnlyClient(instr.body.text, baseImage(ctx, stage));
      if (!client) continue;
      for (const m of instr.body.text.matchAll(/\blocalhost\b/gi)) {
        yield at(ctx, instr.body.sourceRange(m.index!, m.index! + m[0].length), `The health check probes \`localhost\` with ${client}, which connects to the first address only: when that is ::1 and the app listens on IPv4, the probe fails. Use 127.0.0.1.`);
      }
    }
  },
  fix(ctx, finding) {
    return { title: 'Use 127.0.0.1', edits: [replace(ctx, finding.range, '127.0.0.1')], safe: true };
  },
};
