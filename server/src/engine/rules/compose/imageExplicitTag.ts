import type { ComposeContext } from '../../compose/context';
import type { Rule } from '../../rule';
import { tagVerdict } from './imageTags';
import { atValue, servicesOf } from './util';

export const imageExplicitTag: Rule<ComposeContext> = {
  id: 'image-explicit-tag',
  kind: 'compose',
  title: 'Pin images to an explicit version',
  rationale:
    'An image without a tag, or with a moving tag such as `latest`, `stable` or `main`, changes under you: the next pull can bring a new major version, a broken build or a compromised image, and two hosts may run different code. Pin a version (ideally a patch version, or a digest); a tag like `16-alpine` still moves across minor releases.',
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      const judged = tagVerdict(svc);
      if (!judged) continue;
      const { verdict, ref } = judged;
      if (verdict.kind === 'untagged') yield atValue(svc, ref, `Image "${verdict.shown}" of "${svc.name}" has no tag, so it pulls whatever latest is: pin a version.`);
      else if (verdict.kind === 'floating' && !verdict.fromDefault) yield atValue(svc, ref, `Image "${verdict.shown}" of "${svc.name}" uses the moving tag "${verdict.tag}": pin a version.`);
      else if (verdict.kind === 'unpinned') {
        const draft = atValue(svc, ref, `Image "${verdict.shown}" of "${svc.name}" floats on tag "${verdict.tag}": pin to a patch version like postgres:16.11-alpine3.21 (or a digest).`);
        draft.severity = 'info';
        yield draft;
      }
    }
  },
};
