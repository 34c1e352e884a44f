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
    'A RUN step succeeds when the last command of a pipe does: `curl … | sh` or `wget -O- … | tar x` "succeeds" with a failed download, and the image is built broken. Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or `set -o pipefail`) first. Only real pipes count: `||`, quoted text and the `|` between the alternatives of a shell `case` pattern (`aarch64|arm64)`) are not pipes.',
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

/**
 * Logical index of the first single `|` outside quotes, or -1. A `|` between the alternatives of a
 * `case` pattern (`aarch64|arm64)`) is not a pipe: `case … in` switches to pattern mode until `)`,
 * the branch body runs until `;;` (or `;&`, `;;&`), `esac` closes the case; cases nest.
 */
export function findPipe(text: string): number {
  let quote = '';
  const cases: ('head' | 'pattern' | 'body')[] = [];
  const keywordAt = (i: number, word: string) =>
    text.startsWith(word, i) && (i === 0 || /[\s;&|()]/.test(text[i - 1])) && (i + word.length === text.length || /[\s;&|()]/.test(text[i + word.length]));
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    const top = cases[cases.length - 1];
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (keywordAt(i, 'case') && top !== 'pattern') {
      cases.push('head');
      i += 3;
    } else if (top === 'head' && keywordAt(i, 'in')) {
      cases[cases.length - 1] = 'pattern';
      i += 1;
    } else if ((top === 'pattern' || top === 'body') && keywordAt(i, 'esac')) {
      cases.pop();
      i += 3;
    } else if (top === 'pattern') {
      if (c === ')') cases[cases.length - 1] = 'body';
      // `|` here separates alternatives of the pattern
    } else if (top === 'body' && c === ';' && text[i + 1] === ';') {
      cases[cases.length - 1] = 'pattern';
      i += text[i + 2] === '&' ? 2 : 1;
    } else if (top === 'body' && c === ';' && text[i + 1] === '&') {
      cases[cases.length - 1] = 'pattern';
      i++;
    } else if (c === '|') {
      if (text[i + 1] === '|') {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}
