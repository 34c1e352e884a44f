import type { ComposeContext } from '../../compose/context';
import { problemRange } from '../../project/problemRange';
import type { Rule } from '../../rule';
import { problemsOf } from '../shared/interpolationProblems';

export const interpolationSyntax: Rule<ComposeContext> = {
  id: 'interpolation-syntax',
  kind: 'compose',
  title: 'Variable references must be well formed',
  rationale: 'An unclosed `${` or an unsupported operator makes `docker compose` reject the file with "Invalid interpolation format". Write `$$` for a literal dollar sign.',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const { p } of problemsOf(ctx, 'invalid-syntax', false)) {
      yield { message: `${p.message} Write $$ for a literal $.`, file: p.file.path, range: problemRange(p) };
    }
  },
};
