import type { DockerfileContext } from '../../dockerfile/context';
import { basename, hasFlag, programWords, subcommand, wordRange } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at, insertAt, runs, layersShip } from './util';

export const apkNoCache: Rule<DockerfileContext> = {
  id: 'dockerfile-apk-no-cache',
  kind: 'dockerfile',
  title: 'apk add --no-cache',
  rationale: 'Without `--no-cache`, `apk add` leaves the package index in `/var/cache/apk` inside the layer: dead weight in every image pull. Only stages whose layers ship are checked (the final stage and the stages it is built FROM): a builder stage only copied from leaves its cache behind.',
  defaultSeverity: 'info',
  fixDescription: 'Inserts `--no-cache` after `apk add`.',
  *check(ctx) {
    for (const { instr, commands } of runs(ctx)) {
      if (instr.json || !layersShip(ctx, instr)) continue;
      if (/rm\s+(-\w+\s+)*\S*\/var\/cache\/apk/.test(instr.body.text)) continue;
      if (instr.flags.some((f) => f.name === 'mount' && /\/var\/cache\/apk/.test(f.value ?? ''))) continue;
      for (const cmd of commands) {
        const words = programWords(cmd);
        if (basename(words[0]?.value ?? '') !== 'apk') continue;
        const sub = subcommand(words);
        if (sub?.value !== 'add' || hasFlag(words, '--no-cache')) continue;
        const range = wordRange(instr.body, sub);
        yield at(ctx, range, 'apk add without --no-cache keeps the package index in the image.', { insertAt: range.end });
      }
    }
  },
  fix(ctx, finding) {
    return { title: 'Add --no-cache', edits: [insertAt(ctx, finding.data?.insertAt as number, ' --no-cache')], safe: true };
  },
};
