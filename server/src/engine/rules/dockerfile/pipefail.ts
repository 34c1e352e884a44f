import type { DockerfileContext, Instruction } from '../../dockerfile/context';
import { baseImage, effectiveInstructions } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, instructionAt, insertAt, lineStartOf } from './util';

/** The SHELL in effect for an instruction (inherited through parent stages), if any. */
function shellFor(ctx: DockerfileContext, instr: Instruction): Instruction | undefined {
  const stage = ctx.stages[instr.stage];
  if (!stage) return undefined;
  return effectiveInstructions(ctx, stage)
    .filter((i) => i.keyword === 'SHELL' && i.range.start < instr.range.start)
    .pop();
}

export const pipefail: Rule<DockerfileContext> = {
  id: 'dockerfile-pipefail',
  kind: 'dockerfile',
  title: 'Pipes in RUN need pipefail',
  rationale:
    'A RUN step succeeds when the last command of a pipe does: `curl … | sh` or `wget -O- … | tar x` "succeeds" with a failed download, and the image is built broken. Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or `set -o pipefail`) first.',
  defaultSeverity: 'warning',
  fixDescription: 'Inserts `SHELL [... "-o", "pipefail", "-c"]` before the RUN (bash, or ash on Alpine).',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if (instr.keyword !== 'RUN' || instr.json) continue;
      const pipe = findPipe(instr.body.text);
      if (pipe < 0) continue;
      if (/set\s+-[a-z]*o\s+pipefail|set\s+-o\s+pipefail/.test(instr.body.text)) continue;
      const shell = shellFor(ctx, instr);
      if (shell && (/pipefail/.test(shell.body.text) || !/\b(ba|a|z|k|da)?sh\b/.test(shell.body.text))) continue;
      yield at(ctx, instr.body.sourceRange(pipe, pipe + 1), 'This RUN pipes commands without pipefail: a failure before the last `|` does not fail the build.');
    }
  },
  fix(ctx, finding) {
    const instr = instructionAt(ctx, finding);
    const stage = instr && ctx.stages[instr.stage];
    if (!instr || !stage) return undefined;
    const alpine = /alpine|busybox/i.test(baseImage(ctx, stage));
    const shell = alpine ? '["/bin/ash", "-eo", "pipefail", "-c"]' : '["/bin/bash", "-o", "pipefail", "-c"]';
    const { offset, indent } = lineStartOf(ctx, instr);
    // Not "fix all": the image must really have that shell.
    return { title: 'Set SHELL with pipefail', edits: [insertAt(ctx, offset, `${indent}SHELL ${shell}\n`)], safe: false };
  },
};

/** Logical index of the first single `|` outside quotes, or -1. */
export function findPipe(text: string): number {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '|') {
      if (text[i + 1] === '|') {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}
