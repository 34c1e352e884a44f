/**
 * Running the compose rules on a project. Rules run once per project over the merged model; the
 * findings of every member file come out of that one pass. `analyzeProject(project, file)` returns
 * the Analysis of one file: findings whose `file` is that file (a finding about a value written in
 * the override is published on the override, not on the base file).
 */
import type { Analysis, AnalyzeOptions } from '../analysis';
import { capFindings, checkFailed, sortFindings } from '../analysis';
import { composeFix, composeSuppressions, runComposeRules } from './composeAnalyzer';
import { parseProblemFindings } from '../compose/parseProblems';
import type { ComposeContext } from '../compose/context';
import { composeRules } from '../rules/compose';
import type { Finding } from '../rule';
import type { SourceFile } from '../compose/sourceFile';
import type { ComposeProject } from '../project/project';

const cache = new WeakMap<ComposeProject, { key: string; findings: Finding[] }>();
const relaxed = new Set(composeRules.filter((r) => r.relaxedInDevelopment).map((r) => r.id));

/** Every finding of the project, in whichever file it sits. */
export function projectFindings(project: ComposeProject, options: AnalyzeOptions = {}): Finding[] {
  const key = JSON.stringify(options.severities ?? {});
  const hit = cache.get(project);
  if (hit?.key === key) return hit.findings;
  const primary = project.mainFiles[0] ?? project.files[0];
  if (!primary) return [];
  let findings: Finding[];
  try {
    findings = computeFindings(project, primary, options);
  } catch (e) {
    // One visible finding per member file rather than none (a falsely clean file) or a failed request.
    findings = project.files.map((f) => checkFailed(f.path, f.text, e));
  }
  cache.set(project, { key, findings });
  return findings;
}

function computeFindings(project: ComposeProject, primary: SourceFile, options: AnalyzeOptions): Finding[] {
  // Relaxation is decided per finding from the file the value sits in, not for the whole run.
  const all = runComposeRules({ model: project, file: primary }, { ...options, development: false });
  for (const file of project.files) {
    if (file === primary) continue;
    for (const f of parseProblemFindings(file)) all.push(f);
  }
  return capFindings(sortFindings(all.filter((f) => !(relaxed.has(f.ruleId) && project.isDevelopment(f.file)))));
}

export function analyzeProject(project: ComposeProject, forFile: string, options: AnalyzeOptions = {}): Analysis {
  const file = project.fileAt(forFile) ?? project.mainFiles[0];
  const ctx = (): ComposeContext => ({ model: project, file });
  return {
    path: forFile,
    text: file?.text ?? '',
    findings: projectFindings(project, options).filter((f) => f.file === forFile),
    fix: (f, o) => composeFix({ model: project, file: project.fileAt(f.file) ?? file }, f, o?.vet ?? true),
    suppressions: (f) => composeSuppressions(ctx(), f),
  };
}

/** Findings grouped by file, for publishing the diagnostics of a whole set at once. */
export function findingsByFile(project: ComposeProject, options: AnalyzeOptions = {}): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>(project.files.map((f) => [f.path, []]));
  for (const f of projectFindings(project, options)) out.get(f.file)?.push(f) ?? out.set(f.file, [f]);
  return out;
}
