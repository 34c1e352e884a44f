import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at } from './util';

export const stageAliases: Rule<DockerfileContext> = {
  id: 'dockerfile-stage-aliases',
  kind: 'dockerfile',
  title: 'Stage names and COPY --from must be consistent',
  rationale:
    'Duplicate stage names make `--target` and `COPY --from` ambiguous; `COPY --from` with an unknown name silently pulls an image of that name from a registry instead of using your stage; copying several sources needs a destination directory ending in `/`.',
  defaultSeverity: 'error',
  *check(ctx) {
    const seen = new Map<string, number>();
    for (const stage of ctx.stages) {
      if (!stage.alias || !stage.aliasRange) continue;
      if (seen.has(stage.alias)) yield at(ctx, stage.aliasRange, `Stage name "${stage.alias}" is already used on line ${seen.get(stage.alias)! + 1}.`);
      else seen.set(stage.alias, stage.from.line);
    }
    for (const instr of ctx.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const from = instr.flags.find((f) => f.name === 'from');
      if (instr.keyword === 'COPY' && from?.value) {
        const v = from.value.toLowerCase();
        const own = ctx.stages[instr.stage];
        if (/^\d+$/.test(v)) {
          if (Number(v) >= instr.stage) yield at(ctx, from.range, `COPY --from=${v} must name an earlier stage (this is stage ${instr.stage}).`);
        } else if (own?.alias === v) {
          yield at(ctx, from.range, `COPY --from=${v} refers to the stage it is in.`);
        } else if (!/[:/@.$]/.test(v)) {
          const target = ctx.stages.find((s) => s.alias === v);
          if (!target) yield at(ctx, from.range, `No stage is named "${v}"; Docker would try to pull an image called "${v}".`);
          else if (target.index > instr.stage) yield at(ctx, from.range, `Stage "${v}" is defined later (line ${target.from.line + 1}); COPY --from can only use earlier stages.`);
        }
      }
      const args = instr.json ?? instr.body.text.split(/\s+/).filter(Boolean);
      if (!instr.json && args.some((a) => a.startsWith('<<'))) continue;
      const dest = args[args.length - 1] ?? '';
      // `.`/`..` name a directory too; the builder accepts them.
      if (args.length > 2 && !dest.endsWith('/') && !/(^|\/)\.\.?$/.test(dest) && !dest.includes('$')) {
        yield at(ctx, instr.body.sourceRange(0, instr.body.text.length), `${instr.keyword} with several sources needs a destination directory ending in "/".`);
      }
    }
  },
};
