import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at } from './util';

export const singleCmdEntrypoint: Rule<DockerfileContext> = {
  id: 'dockerfile-single-cmd-entrypoint',
  kind: 'dockerfile',
  title: 'One CMD and one ENTRYPOINT per stage',
  rationale: 'Only the last CMD and the last ENTRYPOINT of a stage take effect; earlier ones are dead code that misleads the reader about how the container starts.',
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const stage of ctx.stages) {
      for (const keyword of ['CMD', 'ENTRYPOINT']) {
        const all = stage.instructions.filter((i) => i.keyword === keyword);
        for (const instr of all.slice(0, -1)) {
          yield at(ctx, instr.keywordRange, `This ${keyword} is overridden by a later ${keyword} in the same stage (line ${all[all.length - 1].line + 1}); only the last one counts.`);
        }
      }
    }
  },
};
