import type { ComposeContext } from '../../compose/context';
import { canRunTogether, perService } from '../../compose/facts';
import type { ValueRef } from '../../compose/model';
import type { Rule } from '../../rule';
import { atValue, servicesOf } from '../shared/util';

const containerName = perService((svc) => svc.get(['container_name']));

export const noDuplicateContainerNames: Rule<ComposeContext> = {
  id: 'no-duplicate-container-names',
  kind: 'compose',
  title: 'Unique container names',
  rationale:
    'Container names are global on a Docker host: two services with the same `container_name` cannot both run, and `docker compose up` fails on the second one.',
  defaultSeverity: 'error',
  *check(ctx) {
    const byName = new Map<string, { service: string; ref: ValueRef }[]>();
    for (const svc of servicesOf(ctx)) {
      const ref = containerName(svc);
      if (typeof ref?.js !== 'string' || !ref.js) continue;
      const list = byName.get(ref.js) ?? [];
      list.push({ service: svc.name, ref });
      byName.set(ref.js, list);
    }
    for (const [name, users] of byName) {
      if (users.length < 2) continue;
      for (const { service, ref } of users) {
        const svc = ctx.model.service(service)!;
        const clashing = users.filter((u) => u.service !== service && canRunTogether(svc, ctx.model.service(u.service)!));
        if (clashing.length === 0) continue;
        const others = clashing.map((u) => `"${u.service}"`).join(', ');
        yield atValue(svc, ref, `Container name "${name}" is also used by ${others}: only one of them can run.`);
      }
    }
  },
};
