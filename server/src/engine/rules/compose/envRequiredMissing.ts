import type { ComposeContext } from '../../compose/context';
import { ComposeProject } from '../../project/project';
import { problemRange } from '../../project/problemRange';
import type { Rule } from '../../rule';

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

function shortEnv(project: ComposeProject): string {
  return project.envFile.split(/[\\/]/).pop() ?? '.env';
}

type InterpolationProblem = ComposeProject['interpolationProblems'][number];

/**
 * Interpolation problems of one kind in a project model (single-file models have none). With
 * `needsEnvFile`, nothing without a .env file: the values then come from the shell, which we cannot see.
 */
function* problemsOf(ctx: ComposeContext, kind: InterpolationProblem['kind'], needsEnvFile: boolean): Iterable<{ p: InterpolationProblem; project: ComposeProject }> {
  const project = ctx.model instanceof ComposeProject ? ctx.model : undefined;
  if (!project || (needsEnvFile && !project.envFileExists)) return;
  for (const p of project.interpolationProblems) if (p.kind === kind) yield { p, project };
}
