/**
 * The engine's front door, shared by the language server and the CLI: pick the analyzer for a
 * file, run its rules with the configured severities and suppressions, and compute fixes.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { Finding, Fix, Rule, RuleMeta, Severity, SeveritySetting, Target } from './rule';
import { withBuiltInRules } from './builtinRules';

export interface AnalyzeOptions {
  /** Severity per rule id (or off), already merged from settings and `.ai-stack.json`. */
  severities?: Record<string, SeveritySetting>;
  /** The file is a development override: rules marked relaxedInDevelopment are skipped. */
  development?: boolean;
  /** Extra compose file name patterns (basename globs). */
  composePatterns?: string[];
  /** Where the file is deployed (default `compose`): rules for other targets are skipped. */
  target?: Target;
}

export interface FixOptions {
  vet?: boolean;
}

export interface Analysis {
  path: string;
  text: string;
  findings: Finding[];
  /**
   * The rule's own quick fix for a finding of this analysis, in the file's line endings. Checked
   * (parses, keeps comments) unless `vet: false`: checking parses the whole file, so fix-all checks
   * a round at once and a report that only names fixes skips it.
   */
  fix(finding: Finding, options?: FixOptions): Fix | undefined;
  /** Suppression fixes (ignore on this line / for this service). */
  suppressions(finding: Finding): Fix[];
}

export interface Analyzer {
  kind: 'compose' | 'dockerfile';
  rules: readonly RuleMeta[];
  analyze(filePath: string, text: string, options: AnalyzeOptions): Analysis;
}

export const DEFAULT_COMPOSE_PATTERNS = ['compose*.yml', 'compose*.yaml', 'docker-compose*.yml', 'docker-compose*.yaml', '*.compose.yml', '*.compose.yaml'];
export const DEFAULT_DOCKERFILE_PATTERNS = [
  'Dockerfile', 'Dockerfile.*', 'Dockerfile-*', 'Dockerfile_*', '*.Dockerfile', '*.dockerfile',
  'Containerfile', 'Containerfile.*', 'Containerfile-*', 'Containerfile_*', '*.Containerfile', '*.containerfile',
];
/** Names the patterns above match that are not Dockerfiles: `Dockerfile.dockerignore` (BuildKit's per-Dockerfile ignore file), docs, backups, patches. */
export const NOT_DOCKERFILE_PATTERNS = ['*.dockerignore', '*.md', '*.txt', '*.rst', '*.adoc', '*.orig', '*.rej', '*.bak', '*.swp', '*.patch', '*.diff', '*~'];

const analyzers: Analyzer[] = [];

/** Every known id's rule, built once per registration (looked up for each finding the server publishes). */
let rulesById: Map<string, RuleMeta> | undefined;

export function registerAnalyzer(analyzer: Analyzer): void {
  if (!analyzers.some((a) => a.kind === analyzer.kind)) analyzers.push(analyzer);
  rulesById = undefined;
}

/** The rule modules of the registered analyzers. */
export function allRules(): RuleMeta[] {
  return analyzers.flatMap((a) => a.rules);
}

/** Every id a finding may carry: the rule modules, then the built-in ids (parse problems, internal-error). */
export function knownRules(): RuleMeta[] {
  return withBuiltInRules(allRules());
}

/** A known id's rule (a rule module or a built-in id). */
export function ruleById(id: string): RuleMeta | undefined {
  rulesById ??= new Map(knownRules().map((r) => [r.id, r]));
  return rulesById.get(id);
}

export function fileKind(filePath: string, composePatterns = DEFAULT_COMPOSE_PATTERNS): 'compose' | 'dockerfile' | undefined {
  const base = path.basename(filePath);
  if (picomatch.isMatch(base, composePatterns, { nocase: true })) return 'compose';
  if (picomatch.isMatch(base, DEFAULT_DOCKERFILE_PATTERNS, { nocase: false }) && !picomatch.isMatch(base, NOT_DOCKERFILE_PATTERNS, { nocase: true, dot: true })) return 'dockerfile';
  return undefined;
}

export function analyze(filePath: string, text: string, options: AnalyzeOptions = {}, kind = fileKind(filePath, options.composePatterns)): Analysis | undefined {
  const analyzer = analyzers.find((a) => a.kind === kind);
  if (!analyzer) return undefined;
  try {
    return analyzer.analyze(filePath, text, options);
  } catch (e) {
    return failedAnalysis(filePath, text, e);
  }
}

/**
 * The analysis of a file whose check threw: one visible `internal-error` warning instead of no
 * diagnostics at all (a file that failed must never look clean).
 */
export function failedAnalysis(filePath: string, text: string, error: unknown): Analysis {
  return { path: filePath, text, findings: [checkFailed(filePath, text, error)], fix: () => undefined, suppressions: () => [] };
}

export function checkFailed(filePath: string, text: string, error: unknown): Finding {
  const why = error instanceof Error ? error.message : String(error);
  return { ruleId: 'internal-error', severity: 'warning', message: `This file could not be checked (${why}); no other finding is reported for it.`, file: filePath, range: { start: 0, end: Math.min(1, text.length) } };
}

/** Configured severity of a rule, or undefined when it is off. */
export function effectiveSeverity(rule: RuleMeta, options: AnalyzeOptions): Severity | undefined {
  const setting = options.severities?.[rule.id];
  if (setting === 'off') return undefined;
  if (options.development && rule.relaxedInDevelopment) return undefined;
  if (rule.targets && !rule.targets.includes(options.target ?? 'compose')) return undefined;
  return setting ?? rule.defaultSeverity;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function sortFindings(findings: Finding[]): Finding[] {
  // Plain code-unit comparison: localeCompare is ~50× slower and the order only has to be stable.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return findings.sort((a, b) => cmp(a.file, b.file) || a.range.start - b.range.start || cmp(a.ruleId, b.ruleId));
}

/**
 * At most this many findings are reported per file. A 5 MB file of 37,000 services has 480,000 of
 * them: as diagnostics that takes the language server past 1 GB, and nobody reads them all. A
 * realistic 1000-service file has about 15,000.
 */
export const MAX_FINDINGS_PER_FILE = 50_000;

/**
 * Sorted findings with each file's list cut at `max`, plus one `file-too-large` warning saying so.
 * `file-too-large` findings are neither counted nor cut, so capping twice changes nothing. `setAside`:
 * per file, the findings runRules already dropped (RuleRun), which count toward its total.
 */
export function capFindings(findings: Finding[], setAside: ReadonlyMap<string, number> = new Map(), max = MAX_FINDINGS_PER_FILE): Finding[] {
  if (findings.length <= max && !setAside.size) return findings;
  const counted = (f: Finding) => f.ruleId !== 'file-too-large';
  const perFile = new Map<string, number>(setAside);
  for (const f of findings) if (counted(f)) perFile.set(f.file, (perFile.get(f.file) ?? 0) + 1);
  if (![...perFile.values()].some((n) => n > max)) return findings;
  const kept: Finding[] = [];
  const seen = new Map<string, number>();
  for (const f of findings) {
    if (!counted(f)) {
      kept.push(f);
      continue;
    }
    const n = (seen.get(f.file) ?? 0) + 1;
    seen.set(f.file, n);
    if (n <= max) kept.push(f);
  }
  for (const [file, n] of perFile) {
    if (n <= max) continue;
    const message = `This file has ${n.toLocaleString('en-US')} findings; only the first ${max.toLocaleString('en-US')} (from the top of the file) are reported.`;
    kept.push({ ruleId: 'file-too-large', severity: 'warning', message, file, range: { start: 0, end: 0 } });
  }
  return sortFindings(kept);
}

/**
 * While the rules run, a check holding more than this many findings keeps each file's first
 * MAX_FINDINGS_PER_FILE (in report order) and counts the rest: a 4.9 MB file of 37,000 services has
 * 481,000 findings, and holding them all until capFindings took the heap to 770 MB and most of the
 * check's time to garbage collection. Later findings can only push set-aside ones further down, so
 * capFindings reports the same first findings and the same total (in such a file, filters applied
 * after the rules, which drop schema findings a service-shape finding repeats or relaxed rules in a
 * development file, see only the kept findings: the total may then count a few of those).
 */
const TRIM_AT = 2 * MAX_FINDINGS_PER_FILE;

/** Keeps each file's first MAX_FINDINGS_PER_FILE findings in place and adds the others to the file's count in `setAside`. */
function trimFindings(findings: Finding[], setAside: Map<string, number>): void {
  const kept = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of sortFindings(findings)) {
    if (f.ruleId === 'file-too-large') {
      out.push(f);
      continue;
    }
    const n = (kept.get(f.file) ?? 0) + 1;
    if (n > MAX_FINDINGS_PER_FILE) {
      setAside.set(f.file, (setAside.get(f.file) ?? 0) + 1);
      continue;
    }
    kept.set(f.file, n);
    out.push(f);
  }
  findings.length = 0;
  for (const f of out) findings.push(f);
}

/** The quick fix of a finding's rule; a fix that throws is treated as no fix (a rule bug must not break the editor). */
export function ruleFix<Ctx>(rules: readonly Rule<Ctx>[], ctx: Ctx, finding: Finding): Fix | undefined {
  const rule = rules.find((r) => r.id === finding.ruleId);
  try {
    return rule?.fix?.(ctx, finding);
  } catch {
    return undefined;
  }
}

/**
 * Findings of a previous version of the model carried over for the parts an edit left alone. A
 * model that can do so offers `ruleReuse` (a ComposeProject: project/serviceReuse.ts); `runRules`
 * asks it before each rule and tells it what each rule found.
 */
export interface RuleReuse<Ctx> {
  /**
   * A narrower context to run `rule` on (only what changed) and how to complete its findings with
   * the kept ones; `complete` answers undefined when they cannot be combined. Undefined: run on everything.
   */
  plan(rule: RuleMeta, ctx: Ctx, optionsKey: string): { ctx: Ctx; complete(fresh: Finding[]): Finding[] | undefined } | undefined;
  /** Everything `rule` found this time (severities applied, suppressions not), for the next version. */
  record(rule: RuleMeta, optionsKey: string, findings: Finding[]): void;
}

function ruleReuseOf<Ctx>(ctx: Ctx): RuleReuse<Ctx> | undefined {
  return (ctx as { model?: { ruleReuse?: RuleReuse<Ctx> } } | undefined)?.model?.ruleReuse;
}

/** What runRules found: the findings it kept, and per file how many more it set aside (for capFindings to count). */
export interface RuleRun {
  findings: Finding[];
  setAside: Map<string, number>;
}

/**
 * Runs each enabled rule with its configured severity. A rule that throws yields one `internal-error`
 * hint instead of taking the other rules (or the server) down; `keep` applies the suppressions.
 */
export function runRules<Ctx>(rules: readonly Rule<Ctx>[], ctx: Ctx, options: AnalyzeOptions, file: string, keep: (f: Finding) => boolean): RuleRun {
  const findings: Finding[] = [];
  const setAside = new Map<string, number>();
  const reuse = ruleReuseOf(ctx);
  const optionsKey = reuse ? JSON.stringify(options) : '';
  let trimmed = false;
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, options);
    if (!severity) continue;
    const plan = reuse?.plan(rule, ctx, optionsKey);
    const narrowed = plan && runRule(rule, plan.ctx, options, severity);
    let found = Array.isArray(narrowed) ? plan!.complete(narrowed) : undefined;
    if (!found) {
      const all = runRule(rule, ctx, options, severity);
      if (!Array.isArray(all)) {
        findings.push({ ruleId: 'internal-error', severity: 'hint', message: `Rule ${rule.id} failed: ${all.message}`, file, range: { start: 0, end: 0 } });
        continue;
      }
      found = all;
    }
    // After a trim the findings of later rules are not all kept: remembering them for the next version would hold them all again.
    if (!trimmed) reuse?.record(rule, optionsKey, found);
    for (const f of found) if (keep(f)) findings.push(f);
    if (findings.length > TRIM_AT) {
      trimFindings(findings, setAside);
      trimmed = true;
    }
  }
  return { findings, setAside };
}

/** The rule's findings with their severities, or what it threw. */
function runRule<Ctx>(rule: Rule<Ctx>, ctx: Ctx, options: AnalyzeOptions, severity: Severity): Finding[] | Error {
  const findings: Finding[] = [];
  // A draft's own severity stands unless the user configured the rule's.
  const configured = !!options.severities?.[rule.id];
  try {
    // Drained inside the try: a generator rule throws while it is iterated.
    for (const d of rule.check(ctx)) findings.push({ ...d, ruleId: rule.id, severity: d.severity && !configured ? d.severity : severity });
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  return findings;
}
