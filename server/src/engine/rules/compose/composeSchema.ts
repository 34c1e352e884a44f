import type { ComposeContext } from '../../compose/context';
import { schemaProblems } from '../../project/schema';
import type { Rule } from '../../rule';

export const composeSchema: Rule<ComposeContext> = {
  id: 'compose-schema',
  kind: 'compose',
  title: 'Valid against the Compose Specification schema',
  rationale:
    'Compose rejects files with unknown keys or values of the wrong type before it starts anything. A misspelt key (`heathcheck:`) is worse: some tools ignore it silently and the setting you wrote never applies. Turn off with `aiStack.schemaValidation` if another extension already validates with this schema.',
  defaultSeverity: 'error',
  *check(ctx) {
    for (const file of ctx.model.files) {
      for (const p of schemaProblems(file)) yield { message: p.message, file: file.path, range: p.range };
    }
  },
};
