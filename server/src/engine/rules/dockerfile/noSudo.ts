import type { DockerfileContext } from '../../dockerfile/context';
import { wordRange } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at, runs } from './util';

export const noSudo: Rule<DockerfileContext> = {
  id: 'dockerfile-no-sudo',
  kind: 'dockerfile',
  title: 'No sudo in RUN',
  rationale:
    '`sudo` in an image means a privilege-escalation path stays installed and configured: RUN steps already run as the current USER, so switch with `USER root` … `USER app` around the steps that need it instead.',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const { instr, commands } of runs(ctx)) {
      for (const cmd of commands) {
        const sudo = cmd.words.find((w, i) => w.value === 'sudo' && cmd.words.slice(0, i).every((p) => /^[A-Za-z_]\w*=/.test(p.value)));
        if (sudo && !instr.json) yield at(ctx, wordRange(instr.body, sudo), 'RUN uses sudo. Switch with USER root / USER <app> around the step instead of installing sudo.');
        else if (sudo) yield at(ctx, instr.keywordRange, 'RUN uses sudo. Switch with USER root / USER <app> around the step instead of installing sudo.');
      }
    }
  },
};
