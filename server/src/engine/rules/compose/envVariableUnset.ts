import type { ComposeContext } from '../../compose/context';
import { problemRange } from '../../project/problemRange';
import type { Rule } from '../../rule';
import { problemsOf, shortEnv } from '../shared/interpolationProblems';

export const envVariableUnset: Rule<ComposeContext> = {
  id: 'env-variable-unset',
  kind: 'compose',
  title: 'Variables used without a default should be set',
  rationale:
    '`${VAR}` with no default becomes an empty string when the variable is not set, and `docker compose` only prints a warning. An empty image tag, password or port is rarely what was meant: set it in `.env` or write `${VAR:-default}`.',
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const { p, project } of problemsOf(ctx, 'unset', true)) {
      yield {
        message: `${p.name} is not set in ${shortEnv(project)}: Compose substitutes an empty string.`,
        file: p.file.path,
        range: problemRange(p),
        data: { name: p.name },
      };
    }
  },
};
