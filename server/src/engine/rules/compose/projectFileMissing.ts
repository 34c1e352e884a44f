import type { ComposeContext } from '../../compose/context';
import { ComposeProject } from '../../project/project';
import type { Rule } from '../../rule';

export const projectFileMissing: Rule<ComposeContext> = {
  id: 'project-file-missing',
  kind: 'compose',
  title: 'Files named by extends and include must exist',
  rationale: '`extends.file` and `include` load other files; when one is missing (or an `extends` chain loops) `docker compose` refuses to start the project.',
  defaultSeverity: 'error',
  *check(ctx) {
    if (!(ctx.model instanceof ComposeProject)) return;
    for (const p of ctx.model.loadProblems) yield { message: p.message, file: p.file.path, range: p.range };
  },
};
