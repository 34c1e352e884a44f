import type { DockerfileContext } from '../../dockerfile/context';
import { basename, programWords, subcommand, wordRange } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at, instructionAt, replace, runs } from './util';

export const npmCi: Rule<DockerfileContext> = {
  id: 'dockerfile-npm-ci',
  kind: 'dockerfile',
  title: 'npm ci instead of npm install',
  rationale:
    '`npm install` may resolve newer versions than the lockfile and rewrites it, so two builds of the same commit can differ. `npm ci` installs exactly the lockfile and fails when it is out of date.',
  defaultSeverity: 'warning',
  fixDescription: 'Replaces `npm install` with `npm ci`.',
  *check(ctx) {
    for (const { instr, commands } of runs(ctx)) {
      if (instr.json) continue;
      for (const cmd of commands) {
        const words = programWords(cmd);
        if (basename(words[0]?.value ?? '') !== 'npm') continue;
        const sub = subcommand(words);
        if (!sub || !['install', 'i', 'add', 'isntall'].includes(sub.value) || sub.value === 'add') continue;
        // `npm install -g pnpm` or `npm install express` installs named packages: not a lockfile install.
        const rest = words.slice(words.indexOf(sub) + 1);
        if (rest.some((w) => !w.value.startsWith('-')) || rest.some((w) => /^(-g|--global|--location=global)$/.test(w.value))) continue;
        yield at(ctx, wordRange(instr.body, sub), '`npm install` can drift from package-lock.json; use `npm ci` for reproducible installs.');
      }
    }
  },
  fix(ctx, finding) {
    const instr = instructionAt(ctx, finding);
    const stage = instr && ctx.stages[instr.stage];
    // Safe only when the stage visibly copies the lockfile in: npm ci fails without one.
    const copiesLock = !!stage?.instructions.some((i) => i.keyword === 'COPY' && i.range.start < instr!.range.start && /package-lock\.json|npm-shrinkwrap\.json/.test(i.body.text));
    return { title: 'Use npm ci', edits: [replace(ctx, finding.range, 'ci')], safe: copiesLock };
  },
};
