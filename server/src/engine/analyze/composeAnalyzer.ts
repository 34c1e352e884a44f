/** Compose analyzer: parse once, build the model, run every enabled compose rule. */
import type { Analysis, AnalyzeOptions, Analyzer } from '../analysis';
import { capFindings, ruleFix, runRules, sortFindings } from '../analysis';
import type { Finding, Fix } from '../rule';
import { ignoreForServiceFix, ignoreOnLineFix, isLineSuppressed, serviceIgnores } from './suppress';
import { composeRules } from '../rules/compose';
import type { ComposeContext } from '../compose/context';
import { ComposeModel, ServiceView, SingleFileModel } from '../compose/model';
import { isPatchService } from '../compose/facts';
import { SourceFile } from '../compose/sourceFile';
import { adaptFix, vetFix } from '../edits/editModel';
import { PARSE_RULE_IDS, parseProblemFindings } from '../compose/parseProblems';

export function runComposeRules(ctx: ComposeContext, options: AnalyzeOptions): Finding[] {
  const findings = parseProblemFindings(ctx.file);
  const ignoresByService = new Map(ctx.model.services.map((s) => [s.name, serviceIgnores(s)]));
  const patches = patchServices(ctx.model);
  const kept = (finding: Finding) => {
    if (finding.service && ignoresByService.get(finding.service)?.includes(finding.ruleId)) return false;
    if (finding.service && isAbsenceRule(finding.ruleId) && isAbsenceOn(patches.get(finding.service), finding)) return false;
    const file = ctx.model.files.find((f) => f.path === finding.file) ?? ctx.file;
    return !isLineSuppressed(file.lines, finding);
  };
  const run = runRules(composeRules, ctx, options, ctx.file.path, kept);
  // A loop, not push(...): a big file has more findings than a call may have arguments.
  for (const f of run.findings) findings.push(f);
  return capFindings(sortFindings(withoutSchemaDuplicates(findings)), run.setAside);
}

let absenceRules: Set<string> | undefined;
/** Ids of the rules that report absent settings (computed on first use: the registry imports rules that import this module's neighbours). */
function isAbsenceRule(id: string): boolean {
  absenceRules ??= new Set(composeRules.filter((r) => r.reportsAbsence).map((r) => r.id));
  return absenceRules.has(id);
}

/** Patch services (see isPatchService) of the model, by name. */
function patchServices(model: ComposeModel): Map<string, ServiceView> {
  return new Map(model.services.filter((s) => isPatchService(model, s)).map((s) => [s.name, s]));
}

/** An absence is reported at the service key; a finding at a value written in the patch stands. */
function isAbsenceOn(patch: ServiceView | undefined, finding: Finding): boolean {
  return !!patch && patch.file.path === finding.file && finding.range.start === patch.keyRange.start && finding.range.end === patch.keyRange.end;
}

/** The schema and service-shape rules can describe the same bad value: keep the more specific service-shape message. */
function withoutSchemaDuplicates(findings: Finding[]): Finding[] {
  const shapes = findings.filter((f) => f.ruleId === 'service-shape');
  if (!shapes.length) return findings;
  return findings.filter(
    (f) => f.ruleId !== 'compose-schema' || !shapes.some((s) => s.file === f.file && s.range.start <= f.range.end && f.range.start <= s.range.end),
  );
}

/** A fix's edits may land in any file of the project: each is checked against that file's text. */
function textIn(ctx: ComposeContext): (path: string) => string | undefined {
  return (path) => (path === ctx.file.path ? ctx.file.text : ctx.model.files.find((f) => f.path === path)?.text);
}

export function composeFix(ctx: ComposeContext, finding: Finding, vet = true): Fix | undefined {
  return (vet ? vetFix : adaptFix)(ruleFix(composeRules, ctx, finding), textIn(ctx), 'compose');
}

export function composeSuppressions(ctx: ComposeContext, finding: Finding): Fix[] {
  if (PARSE_RULE_IDS.includes(finding.ruleId)) return [];
  const out: Fix[] = [];
  const svc = finding.service ? ctx.model.service(finding.service) : undefined;
  const forService = vetFix(svc && ignoreForServiceFix(svc, finding.ruleId), textIn(ctx), 'compose');
  if (forService) out.push(forService);
  const file = ctx.model.files.find((f) => f.path === finding.file);
  const onLine = file && vetFix(ignoreOnLineFix(file, finding), textIn(ctx), 'compose');
  if (onLine) out.push(onLine);
  return out;
}

export function analysisFor(ctx: ComposeContext, options: AnalyzeOptions): Analysis {
  return {
    path: ctx.file.path,
    text: ctx.file.text,
    findings: runComposeRules(ctx, options),
    fix: (f, o) => composeFix(ctx, f, o?.vet ?? true),
    suppressions: (f) => composeSuppressions(ctx, f),
  };
}

export const composeAnalyzer: Analyzer = {
  kind: 'compose',
  rules: composeRules,
  analyze(filePath, text, options): Analysis {
    const file = new SourceFile(filePath, text);
    const model: ComposeModel = new SingleFileModel(file, options.development);
    return analysisFor({ model, file }, options);
  },
};
