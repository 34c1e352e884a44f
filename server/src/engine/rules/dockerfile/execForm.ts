import type { DockerfileContext, Instruction } from '../../dockerfile/context';
import { effectiveInstructions } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, instructionAt, replace } from './util';

/** Only plain words convert without changing meaning: no variables, quotes, globs or shell operators. */
const PLAIN = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * The ENTRYPOINT in effect for a CMD is an init that signals the whole process group: dumb-init
 * (its default setsid mode; not with --single-child / -c) or tini with -g. Then the app started by
 * a shell-form CMD receives SIGTERM although `/bin/sh -c` is in between.
 */
function groupSignallingInit(ctx: DockerfileContext, cmd: Instruction): boolean {
  const stage = ctx.stages[cmd.stage];
  if (!stage) return false;
  const entry = effectiveInstructions(ctx, stage).filter((i) => i.keyword === 'ENTRYPOINT' && i.range.start < cmd.range.start).pop();
  const argv = entry?.json;
  if (!argv?.length) return false;
  const prog = argv[0].split('/').pop() ?? '';
  const flags = argv.slice(1).filter((a) => a.startsWith('-'));
  if (prog === 'dumb-init') return !flags.some((f) => f === '--single-child' || /^-[a-z]*c/.test(f));
  if (prog === 'tini' || prog === 'tini-static') return flags.some((f) => /^-[a-z]*g/.test(f));
  return false;
}

export const execForm: Rule<DockerfileContext> = {
  id: 'dockerfile-exec-form',
  kind: 'dockerfile',
  title: 'CMD and ENTRYPOINT in exec form',
  rationale:
    'In shell form the app runs as a child of `/bin/sh -c`, which does not forward SIGTERM: `docker stop` waits 10 s and then kills the app without a clean shutdown. The JSON (exec) form makes the app PID 1 and lets it receive signals. A shell-form CMD is fine under an exec-form ENTRYPOINT that signals the whole process group (dumb-init in its default mode, `tini -g`): the app gets SIGTERM from it.',
  defaultSeverity: 'info',
  fixDescription: 'Converts plain commands to the JSON array form.',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if ((instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') || instr.json || !instr.body.text) continue;
      if (instr.body.text.startsWith('[')) continue; // malformed JSON: the builder reports that itself
      if (instr.keyword === 'CMD' && groupSignallingInit(ctx, instr)) continue;
      yield at(ctx, instr.keywordRange, `${instr.keyword} uses shell form, so the app does not receive SIGTERM. Use the exec form: ${instr.keyword} ["program", "arg"].`);
    }
  },
  fix(ctx, finding) {
    const instr = instructionAt(ctx, finding);
    if (!instr) return undefined;
    const words = instr.body.text.split(/\s+/).filter(Boolean);
    if (words.length === 0 || !words.every((w) => PLAIN.test(w))) return undefined;
    const range = instr.body.sourceRange(0, instr.body.text.length);
    return { title: 'Convert to exec form', edits: [replace(ctx, range, JSON.stringify(words).replace(/","/g, '", "'))], safe: true };
  },
};
