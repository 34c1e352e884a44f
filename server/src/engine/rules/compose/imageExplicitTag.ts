import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { pinAdvice, PINNING_POLICY } from '../../shared/imagePinning';
import { tagVerdict } from '../shared/imageTags';
import { fromUnsetVariable } from '../shared/unsetVariable';
import { atValue, servicesOf } from '../shared/util';

export const imageExplicitTag: Rule<ComposeContext> = {
  id: 'image-explicit-tag',
  kind: 'compose',
  title: 'Pin images to an explicit version',
  rationale:
    'An image without a tag, or with a moving tag such as `latest`, `stable` or `main`, changes under you: the next pull can bring a new major version, a broken build or a compromised image, and two hosts may run different code. Pin a version (ideally a patch version, or a digest); a tag like `16-alpine` still moves across minor releases. ' + ' An image named through a variable that is unset (no default) is not judged: its value comes from the shell, which the checker cannot see (env-variable-unset reports it when a `.env` exists). ' + PINNING_POLICY,
  defaultSeverity: 'warning',
  scope: 'service',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const judged = tagVerdict(svc);
      if (!judged) continue;
      const { verdict, ref } = judged;
      if (fromUnsetVariable(ctx.model, ref)) continue; // unknown value: the unset variable is the finding
      const advice =
        verdict.kind === 'untagged' ? pinAdvice(verdict.shown, 'untagged')
        : verdict.kind === 'floating' && !verdict.fromDefault ? pinAdvice(verdict.shown, 'moving', verdict.tag)
        : verdict.kind === 'unpinned' ? pinAdvice(verdict.shown, verdict.level, verdict.tag)
        : undefined;
      if (!advice) continue;
      const draft = atValue(svc, ref, `Image of "${svc.name}": ${advice.message}`);
      if (advice.severity === 'info') draft.severity = 'info';
      yield draft;
    }
  },
};
