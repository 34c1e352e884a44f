import type { DockerfileContext } from '../../dockerfile/context';
import { effectiveInstructions } from '../../dockerfile/context';
import { hasFlag, pipWords, subcommand, wordRange } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at, insertAt, keyValues, runs, layersShip } from './util';

export const pipNoCacheDir: Rule<DockerfileContext> = {
  id: 'dockerfile-pip-no-cache-dir',
  kind: 'dockerfile',
  title: 'pip install --no-cache-dir',
  rationale: 'pip keeps every downloaded wheel in `~/.cache/pip`; in an image that cache is never reused and can add hundreds of MB (think torch). Only stages whose layers ship are checked (the final stage and the stages it is built FROM): a builder stage whose virtualenv or wheels are copied out leaves its cache behind.',
  defaultSeverity: 'info',
  fixDescription: 'Inserts `--no-cache-dir` after `pip install`.',
  *check(ctx) {
    for (const { instr, commands } of runs(ctx)) {
      if (instr.json || !layersShip(ctx, instr)) continue;
      if (instr.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? ''))) continue;
      const stage = ctx.stages[instr.stage];
      const env = stage ? effectiveInstructions(ctx, stage).filter((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && i.range.start < instr.range.start) : [];
      if (env.some((i) => keyValues(i).some((kv) => kv.key === 'PIP_NO_CACHE_DIR'))) continue;
      for (const cmd of commands) {
        const words = pipWords(cmd);
        if (!words) continue;
        const sub = subcommand(words);
        if (sub?.value !== 'install' || hasFlag(words, '--no-cache-dir')) continue;
        const range = wordRange(instr.body, sub);
        yield at(ctx, range, 'pip install without --no-cache-dir keeps its download cache in the image.', { insertAt: range.end });
      }
    }
  },
  fix(ctx, finding) {
    return { title: 'Add --no-cache-dir', edits: [insertAt(ctx, finding.data?.insertAt as number, ' --no-cache-dir')], safe: true };
  },
};
