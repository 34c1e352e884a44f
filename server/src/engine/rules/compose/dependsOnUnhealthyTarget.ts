import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { dependsOn } from '../shared/dependsOn';
import { effectiveHealth, serviceImage } from '../shared/serviceImage';
import { healthState } from '../../compose/facts';
import { healthTemplate } from '../shared/stackFacts';
import { atValue, insertFix, servicesOf } from '../shared/util';

export const dependsOnUnhealthyTarget: Rule<ComposeContext> = {
  id: 'depends-on-unhealthy-target',
  kind: 'compose',
  title: 'service_healthy needs a healthcheck on the target',
  rationale:
    '`condition: service_healthy` on a service without a healthcheck makes `docker compose up` fail ("container … has no healthcheck configured") or, with the healthcheck disabled, wait forever. Give the target a healthcheck, or wait for `service_started`. A HEALTHCHECK in the target\'s image (its Dockerfile, or a registry image known to have one) is enough; when the Dockerfile of a built target cannot be read, this is a warning.',
  defaultSeverity: 'error',
  fixDescription: 'Adds the image-specific healthcheck template (see healthcheck-required) to the target service.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const deps = dependsOn(svc);
      if (!deps || deps.form !== 'map') continue;
      for (const e of deps.entries) {
        if (e.condition !== 'service_healthy') continue;
        const target = ctx.model.service(e.name);
        const health = target && effectiveHealth(ctx.model, target);
        if (!target || health === 'present' || health === 'image') continue;
        const image = serviceImage(ctx.model, target);
        const ref = e.conditionNode ? { ...deps.ref, node: e.conditionNode } : deps.ref;
        const draft = atValue(svc, ref, `"${svc.name}" waits for ${e.name} to be healthy, but ${e.name} has ${healthState(target) === 'disabled' ? 'its healthcheck disabled' : 'no healthcheck'}: compose cannot start "${svc.name}".`, { target: e.name });
        // A built image may define HEALTHCHECK in its Dockerfile, which this file does not show.
        if (image?.build) draft.message += ` (nor does ${image.label})`;
        else if (target.get(['build'])) {
          draft.severity = 'warning';
          draft.message += ` (unless ${e.name}'s Dockerfile has a HEALTHCHECK)`;
        }
        yield draft;
      }
    }
  },
  fix(ctx, finding) {
    const name = String(finding.data?.target ?? '');
    const target = ctx.model.service(name);
    const template = target && effectiveHealth(ctx.model, target) === 'missing' ? healthTemplate(target, serviceImage(ctx.model, target)) : undefined;
    if (!target || !template) return undefined;
    return insertFix(ctx, { ...finding, service: name }, ['healthcheck'], template.value, `Add a healthcheck to ${name} (${template.what})`, template.safe);
  },
};
