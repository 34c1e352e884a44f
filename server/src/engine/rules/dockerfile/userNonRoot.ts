import type { DockerfileContext } from '../../dockerfile/context';
import { baseImage, finalStage } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, finalInstructions, insertRuntimeLine } from './util';

const ROOT = /^(root|0)(:(root|0))?$/i;

export const userNonRoot: Rule<DockerfileContext> = {
  id: 'dockerfile-user-non-root',
  kind: 'dockerfile',
  title: 'Run the final image as a non-root user',
  rationale:
    'Without `USER`, the container process runs as root: an exploit in the app then owns the whole container filesystem and is one kernel or runtime bug away from the host. Create a user (e.g. uid/gid 1001) and switch to it in the final stage.',
  defaultSeverity: 'warning',
  fixDescription: 'Inserts `USER 1001:1001` (or `USER node` on node images) before CMD/ENTRYPOINT.',
  *check(ctx) {
    const stage = finalStage(ctx);
    if (!stage) return;
    const users = finalInstructions(ctx).filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) {
      yield at(ctx, stage.from.keywordRange, 'The final stage never sets USER, so the container runs as root. Add a non-root USER before CMD/ENTRYPOINT.');
    } else if (ROOT.test(last.body.text.trim())) {
      yield at(ctx, last.range, 'The last USER of the final stage is root. Switch to a non-root user before CMD/ENTRYPOINT.');
    }
  },
  fix(ctx, finding) {
    const stage = finalStage(ctx);
    if (!stage || stage.from.keywordRange.start !== finding.range.start) return undefined;
    const user = /^(docker\.io\/)?(library\/)?node:/.test(baseImage(ctx, stage)) ? 'node' : '1001:1001';
    const edit = insertRuntimeLine(ctx, `USER ${user}`);
    // Not applied by "fix all": files the app writes may still be owned by root.
    return edit && { title: `Add USER ${user}`, edits: [edit], safe: false };
  },
};
