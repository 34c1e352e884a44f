// What the three interpolation rules (env-required-missing, env-variable-unset, interpolation-syntax)
// read from a project model: its interpolation problems of one kind, and the .env file's short name.
import type { ComposeContext } from '../../compose/context';
import { ComposeProject } from '../../project/project';

export function shortEnv(project: ComposeProject): string {
  return project.envFile.split(/[\\/]/).pop() ?? '.env';
}

export type InterpolationProblem = ComposeProject['interpolationProblems'][number];

/**
 * Interpolation problems of one kind in a project model (single-file models have none). With
 * `needsEnvFile`, nothing without a .env file: the values then come from the shell, which we cannot see.
 */
export function* problemsOf(ctx: ComposeContext, kind: InterpolationProblem['kind'], needsEnvFile: boolean): Iterable<{ p: InterpolationProblem; project: ComposeProject }> {
  const project = ctx.model instanceof ComposeProject ? ctx.model : undefined;
  if (!project || (needsEnvFile && !project.envFileExists)) return;
  for (const p of project.interpolationProblems) if (p.kind === kind) yield { p, project };
}
