import type { ComposeContext } from '../../compose/context';
import { problemRange } from '../../project/problemRange';
import type { Rule } from '../../rule';
import { problemsOf, shortEnv } from '../shared/interpolationProblems';

export const envRequiredMissing: Rule<ComposeContext> = {
  id: 'env-required-missing',
  kind: 'compose',
  title: 'Required variables must be set in .env',
  rationale:
    '`${VAR:?message}` and `${VAR?message}` make `docker compose` stop with an error when the variable is not set. When the project has a `.env` file, a required variable missing from it means `compose up` fails on every machine that uses that file.',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const { p, project } of problemsOf(ctx, 'required-missing', true)) {
      const detail = p.message && p.message !== `${p.name} is not set` ? ` (${p.message})` : '';
      yield {
        message: `compose up will fail: ${p.name} is not set${detail}. Add it to ${shortEnv(project)} or provide a default.`,
        file: p.file.path,
        range: problemRange(p),
        data: { name: p.name },
      };
    }
  },
};
