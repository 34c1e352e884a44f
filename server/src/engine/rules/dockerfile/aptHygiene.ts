import type { DockerfileContext, Instruction } from '../../dockerfile/context';
import type { Command, Word } from '../../dockerfile/shell';
import { basename, hasFlag, programWords, subcommand, wordRange } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at, insertAt, instructionAt, layersShip, replace, runs } from './util';

type Problem = 'yes' | 'recommends' | 'lists' | 'apt';

function aptWords(cmd: Command): { words: Word[]; sub: Word | undefined } | undefined {
  const words = programWords(cmd);
  const prog = basename(words[0]?.value ?? '');
  if (prog !== 'apt-get' && prog !== 'apt') return undefined;
  return { words, sub: subcommand(words) };
}

function cachesAptLists(instr: Instruction): boolean {
  return instr.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && /\/var\/lib\/apt/.test(f.value ?? ''));
}

export const aptHygiene: Rule<DockerfileContext> = {
  id: 'dockerfile-apt-hygiene',
  kind: 'dockerfile',
  title: 'apt-get install hygiene',
  rationale:
    'Without `-y` the build waits for a prompt; without `--no-install-recommends` dozens of unneeded packages (more CVEs, bigger image) come along; leaving `/var/lib/apt/lists` behind adds tens of MB of stale indexes to the layer; `apt` has no stable CLI for scripts — use `apt-get`. The size advice (recommends, lists) applies to stages whose layers ship (the final stage and the stages it is built FROM); a builder stage only copied from weighs nothing in the image. `-y` and `apt-get` apply to every stage: without them the build itself breaks.',
  defaultSeverity: 'info',
  fixDescription: 'Adds `-y` / `--no-install-recommends`, appends `&& rm -rf /var/lib/apt/lists/*`, replaces `apt` with `apt-get`.',
  *check(ctx) {
    for (const { instr, commands } of runs(ctx)) {
      if (instr.json) continue;
      let firstInstall: Word | undefined;
      // Size advice only where the layers reach the final image; -y and apt-get matter in every stage.
      const ships = layersShip(ctx, instr);
      for (const cmd of commands) {
        const apt = aptWords(cmd);
        if (!apt?.sub) continue;
        const prog = apt.words[0];
        if (basename(prog.value) === 'apt' && ['install', 'update', 'upgrade', 'dist-upgrade', 'remove', 'purge', 'autoremove'].includes(apt.sub.value)) {
          yield at(ctx, wordRange(instr.body, prog), '`apt` is meant for people; scripts should use `apt-get`, whose output and options are stable.', { problem: 'apt' satisfies Problem });
        }
        if (apt.sub.value !== 'install') continue;
        firstInstall ??= apt.sub;
        const subRange = wordRange(instr.body, apt.sub);
        if (!hasFlag(apt.words, '-y', '--yes', '--assume-yes', '-qq', '-q=2', '--quiet=2')) {
          yield at(ctx, subRange, 'apt-get install without -y waits for a confirmation the build cannot give.', { problem: 'yes' satisfies Problem, insertAt: subRange.end });
        }
        if (ships && !hasFlag(apt.words, '--no-install-recommends') && !/APT::Install-Recommends/.test(instr.body.text)) {
          yield at(ctx, subRange, 'apt-get install without --no-install-recommends pulls in recommended packages the app does not need.', { problem: 'recommends' satisfies Problem, insertAt: subRange.end });
        }
      }
      if (ships && firstInstall && !/rm\s+(-\w+\s+)*\S*\/var\/lib\/apt\/lists/.test(instr.body.text) && !cachesAptLists(instr)) {
        yield at(ctx, wordRange(instr.body, firstInstall), 'The apt package lists stay in this layer. Remove them in the same RUN: && rm -rf /var/lib/apt/lists/*', { problem: 'lists' satisfies Problem });
      }
    }
  },
  fix(ctx, finding) {
    const problem = finding.data?.problem as Problem | undefined;
    if (problem === 'yes' || problem === 'recommends') {
      const offset = finding.data?.insertAt as number;
      const flag = problem === 'yes' ? ' -y' : ' --no-install-recommends';
      return { title: `Add ${flag.trim()}`, edits: [insertAt(ctx, offset, flag)], safe: true };
    }
    if (problem === 'apt') return { title: 'Use apt-get', edits: [replace(ctx, finding.range, 'apt-get')], safe: true };
    if (problem === 'lists') {
      const instr = instructionAt(ctx, finding);
      if (!instr || instr.heredoc) return undefined;
      const end = instr.body.sourceRange(0, instr.body.text.length).end;
      return { title: 'Remove the apt lists in the same RUN', edits: [insertAt(ctx, end, ' \\\n    && rm -rf /var/lib/apt/lists/*')], safe: true };
    }
    return undefined;
  },
};
