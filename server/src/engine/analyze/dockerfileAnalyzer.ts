/** Dockerfile analyzer: parse once, run every enabled Dockerfile rule, honour `# ai-stack-ignore`. */
import type { Analysis, AnalyzeOptions, Analyzer } from '../analysis';
import { capFindings, ruleFix, runRules, sortFindings } from '../analysis';
import type { Finding, Fix } from '../rule';
import type { SourceFile } from '../compose/sourceFile';
import { ignoreOnLineFix, isLineSuppressed } from './suppress';
import { dockerfileRules } from '../rules/dockerfile';
import type { DockerfileContext } from '../dockerfile/context';
import { parseDockerfile } from '../dockerfile/parse';
import { adaptFix, vetFix } from '../edits/editModel';
import { builtInSeverity } from '../builtinRules';

export const DOCKERFILE_PARSE_RULE = 'dockerfile-syntax';

export function runDockerfileRules(ctx: DockerfileContext, options: AnalyzeOptions): Finding[] {
  const findings: Finding[] = ctx.problems.map((p) => ({ ruleId: DOCKERFILE_PARSE_RULE, severity: builtInSeverity(DOCKERFILE_PARSE_RULE), message: p.message, file: ctx.path, range: p.range }));
  const run = runRules(dockerfileRules, ctx, options, ctx.path, (f) => !suppressed(ctx, f));
  for (const f of run.findings) findings.push(f);
  return capFindings(sortFindings(findings), run.setAside);
}

/** On the finding's line, the line above it, or the comment line above the instruction that contains it. */
function suppressed(ctx: DockerfileContext, finding: Finding): boolean {
  if (isLineSuppressed(ctx.lines, finding)) return true;
  const instr = ctx.instructions.find((i) => i.range.start <= finding.range.start && finding.range.start <= i.range.end);
  return !!instr && instr.range.start !== finding.range.start && isLineSuppressed(ctx.lines, { ...finding, range: { start: instr.range.start, end: instr.range.start } });
}

export function dockerfileFix(ctx: DockerfileContext, finding: Finding, vet = true): Fix | undefined {
  return (vet ? vetFix : adaptFix)(ruleFix(dockerfileRules, ctx, finding), (p) => (p === ctx.path ? ctx.text : undefined), 'dockerfile');
}

export function dockerfileSuppressions(ctx: DockerfileContext, finding: Finding): Fix[] {
  if (finding.ruleId === DOCKERFILE_PARSE_RULE) return [];
  // The suppression helper only needs the path and the line table, which a Dockerfile has too; a
  // `#` line above an instruction (or inside a continued one) is a comment Docker ignores.
  const file = { path: ctx.path, lines: ctx.lines } as unknown as SourceFile;
  const fix = vetFix(ignoreOnLineFix(file, finding), (p) => (p === ctx.path ? ctx.text : undefined), 'dockerfile');
  return fix ? [fix] : [];
}

export const dockerfileAnalyzer: Analyzer = {
  kind: 'dockerfile',
  rules: dockerfileRules,
  analyze(filePath, text, options): Analysis {
    const ctx = parseDockerfile(filePath, text);
    return {
      path: filePath,
      text,
      findings: runDockerfileRules(ctx, options),
      fix: (f, o) => dockerfileFix(ctx, f, o?.vet ?? true),
      suppressions: (f) => dockerfileSuppressions(ctx, f),
    };
  },
};
