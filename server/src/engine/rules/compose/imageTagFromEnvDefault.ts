import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { tagVerdict } from '../shared/imageTags';
import { atValue, servicesOf } from '../shared/util';

export const imageTagFromEnvDefault: Rule<ComposeContext> = {
  id: 'image-tag-from-env-default',
  kind: 'compose',
  title: 'Variable image tags default to a version',
  rationale:
    '`image: app:${TAG:-latest}` looks configurable, but wherever TAG is not set (a fresh clone, CI, a new server) it silently runs the moving `latest`. Make the default a pinned version, or require the variable with `${TAG:?TAG must be set}`.',
  defaultSeverity: 'info',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const judged = tagVerdict(svc);
      if (judged?.verdict.kind === 'floating' && judged.verdict.fromDefault) {
        yield atValue(svc, judged.ref, `The image tag of "${svc.name}" defaults to "${judged.verdict.tag}" when its variable is unset: default to a pinned version.`);
      }
    }
  },
};
