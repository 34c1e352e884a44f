/**
 * `ai-stack check`: the CLI adapter over the rule engine. Collects files, applies `.ai-stack.json`,
 * optionally applies safe fixes, and reports as text, JSON or SARIF.
 * Exit codes: 0 nothing at or above --max-severity, 1 such findings, 2 usage error or unreadable input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { allRules, analyze, Analysis, DEFAULT_COMPOSE_PATTERNS, failedAnalysis, fileKind, fixAllText, SEVERITY_ORDER } from '../engine/index';
import { ProjectWorkspace } from '../engine/analyze/workspace';
import type { AnalyzeOptions } from '../engine/analysis';
import { CHECK_USAGE, CheckArgs, parseCheckArgs, UsageError } from './checkArgs';
import { checkProject } from './checkProject';
import { collectFiles, fileType, InputFile } from './collect';
import { ConfigError, ConfigLookup, LoadedConfig, DEFAULT_DEVELOPMENT_PATTERNS, isDevelopmentFile, isIgnored } from './configLookup';
import { readSource, SourceBytes, writeFixed } from './fileIo';
import { CheckReport, displayPath, Locator, renderFixes, renderJson, renderText, summary } from './report';
import { renderSarif } from './sarif';
import { diskScriptScan } from '../host/targetScripts';
import type { ScriptScan } from '../engine/rules/compose/swarm/scriptScan';
import { chooseTarget, type TargetEvidence } from '../engine/rules/compose/swarm/detectTarget';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

export async function runCheck(argv: string[]): Promise<number> {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail(`${e.message}\nRun "ai-stack check --help" for usage.`);
  }
  if (args.help) {
    process.stdout.write(CHECK_USAGE + '\n');
    return 0;
  }
  try {
    return check(args, process.cwd());
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    throw e;
  }
}

function check(args: CheckArgs, cwd: string): number {
  const problems: string[] = [];
  const projectDirectory = args.projectDirectory ? path.resolve(cwd, args.projectDirectory) : undefined;
  if (projectDirectory && !isDirectory(projectDirectory)) return fail(`--project-directory ${args.projectDirectory}: not a directory`);
  for (const env of args.envFiles) {
    if (!isReadableFile(path.resolve(cwd, env))) problems.push(`--env-file ${env}: cannot read this file`);
  }
  // Paths are checked file by file; `-f` files together, as one merged compose project.
  if (args.fix && args.composeFiles.length) return fail('--fix works on files checked one by one: pass them as paths, not with -f');
  const inputs = [...args.paths];
  if (inputs.length === 0 && args.composeFiles.length === 0) inputs.push(projectDirectory ?? '.');
  const collected = collectFiles(inputs, cwd);
  problems.push(...collected.problems);
  const lookup = new ConfigLookup(args.config && path.resolve(cwd, args.config), projectDirectory, projectDirectory ?? cwd);
  const scripts = diskScriptScan();

  const report: CheckReport = { cwd, files: [], findings: [], fixed: [] };
  const locator = new Locator(cwd, readOrUndefined);
  // The engine reads the files it checks through the locator: a file checkFile has read is not read and decoded twice.
  const readChecked = (file: string): string | undefined => locator.text(path.resolve(file)) ?? readOrUndefined(file);
  const output = args.output && path.resolve(cwd, args.output);
  const inputFiles = [...collected.files.map((f) => f.path), ...args.composeFiles, ...args.envFiles, ...(args.config ? [args.config] : [])];
  const clash = output && sameFile(output, inputFiles.map((f) => path.resolve(cwd, f)));
  if (clash) return fail(`--output ${args.output} is the input file ${displayPath(clash, cwd)}: refusing to overwrite it with the report`);
  const notRegular = args.composeFiles.filter((f) => {
    const stat = statOrUndefined(path.resolve(cwd, f));
    return stat && !stat.isFile();
  });
  for (const f of notRegular) problems.push(`-f ${f}: not a regular file (${fileType(statOrUndefined(path.resolve(cwd, f))!)}): only regular files can be checked`);
  if (args.composeFiles.length && !notRegular.length) {
    const files = args.composeFiles.map((f) => path.resolve(cwd, f));
    const envFile = args.envFiles.length ? path.resolve(cwd, args.envFiles[args.envFiles.length - 1]) : undefined;
    const loaded = lookup.forFile(files[0]);
    const target = chooseTarget(args.target, loaded.config.target, () => scripts.evidence(files[0], targetRoot(loaded, projectDirectory ?? cwd)));
    checkProject({ files, projectDirectory, envFile, target }, loaded, report, locator, problems);
  }
  let unsupported = 0;
  // Compose files are judged in the file sets the editor uses (default pair, COMPOSE_FILE from .env,
  // configured sets), so project rules fire here as they do there.
  const workspace = new ProjectWorkspace(readChecked);
  for (const input of collected.files) {
    const outcome = checkFile(input, args, lookup, workspace, report, locator, problems, scripts, projectDirectory ?? cwd);
    if (outcome === 'unsupported') unsupported++;
  }
  if (collected.files.length === 0 && args.composeFiles.length === 0 && problems.length === 0) problems.push(`no compose files or Dockerfiles found in ${inputs.join(', ')}`);
  if (unsupported) process.stderr.write(`ai-stack check: skipped ${unsupported} Dockerfile${unsupported === 1 ? '' : 's'}: this build has no Dockerfile rules\n`);

  const rendered = render(args, report);
  if (output) {
    // Files a project pulled in (extends, include) are inputs too.
    const late = sameFile(output, report.files.map((f) => path.resolve(cwd, f)));
    if (late) return fail(`--output ${args.output} is the input file ${displayPath(late, cwd)}: refusing to overwrite it with the report`);
    try {
      fs.writeFileSync(output, rendered);
    } catch (e) {
      return fail(`--output ${args.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else {
    process.stdout.write(rendered);
  }
  if (args.format === 'sarif' || args.output) process.stderr.write(renderFixes(report));
  process.stderr.write(summary(report));
  for (const p of problems) process.stderr.write(`ai-stack check: ${p}\n`);
  if (problems.length) return 2;
  const threshold = SEVERITY_ORDER[args.maxSeverity];
  return report.findings.some((f) => SEVERITY_ORDER[f.severity] <= threshold) ? 1 : 0;
}

function checkFile(input: InputFile, args: CheckArgs, lookup: ConfigLookup, workspace: ProjectWorkspace, report: CheckReport, locator: Locator, problems: string[], scripts: ScriptScan, root: string): 'checked' | 'skipped' | 'unsupported' {
  const loaded = lookup.forFile(input.path);
  if (!input.explicit && isIgnored(loaded, input.path)) return 'skipped';
  const display = displayPath(input.path, report.cwd);
  let source: SourceBytes;
  try {
    source = readSource(input.path);
  } catch (e) {
    problems.push(`${display}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return 'skipped';
  }
  let text = source.text;
  const target = input.kind === 'compose' ? chooseTarget(args.target, loaded.config.target, () => detected(input.path, scripts, targetRoot(loaded, root), report.cwd)) : undefined;
  const options: AnalyzeOptions = { severities: loaded.config.rules, development: isDevelopmentFile(loaded, input.path), ...patternsFor(input), target };
  if (!hasAnalyzer(input)) return 'unsupported';
  if (!source.utf8) process.stderr.write(`ai-stack check: ${display}: not valid UTF-8; checked with the invalid bytes replaced\n`);
  if (args.fix) {
    text = applySafeFixes(input, source, options, display, report, problems);
    if (text !== source.text) workspace.changed(input.path);
  }
  locator.add(input.path, text);
  const analysis = input.kind === 'compose' ? composeAnalysis(input, text, options, loaded.config, workspace) : analyze(input.path, text, options, input.kind)!;
  report.files.push(display);
  // Computing every fix costs about as much as the check itself: only JSON reports them.
  const withFixes = args.format === 'json';
  for (const finding of analysis.findings) {
    const fix = withFixes ? analysis.fix(finding, { vet: false }) : undefined;
    report.findings.push(locator.finding(finding, fix && { title: fix.title, safe: fix.safe }));
  }
  return 'checked';
}

/** Detection, said on stderr when it decides: a user must be able to see why swarm rules ran. */
function detected(file: string, scripts: ScriptScan, root: string, cwd: string): TargetEvidence | undefined {
  const evidence = scripts.evidence(file, root);
  if (evidence) process.stderr.write(`ai-stack check: ${displayPath(file, cwd)}: checked for docker stack deploy (target swarm): ${displayPath(evidence.script, cwd)}:${evidence.line} runs "${evidence.command}"\n`);
  return evidence;
}

/** Scripts that may deploy a file are looked for up to the config's folder, else the working (or project) directory. */
function targetRoot(loaded: LoadedConfig, fallback: string): string {
  return loaded.file ? path.dirname(loaded.file) : fallback;
}

/** As the language server: the file judged in every set it belongs to (a finding any set reports, once). */
function composeAnalysis(input: InputFile, text: string, options: AnalyzeOptions, config: LoadedConfig['config'], workspace: ProjectWorkspace): Analysis {
  try {
    return workspace.analyze(input.path, options, { composeFiles: config.composeFiles ?? [], developmentFiles: config.developmentFiles ?? DEFAULT_DEVELOPMENT_PATTERNS });
  } catch (e) {
    return failedAnalysis(input.path, text, e);
  }
}

/**
 * Writes the safe fixes, never at the cost of the file: not a file that is not valid UTF-8 (writing
 * the decoded text would replace its bytes), not a read-only one (root may write anything: the mode
 * bits say what the owner wants), not one that changed since it was read. Skipped files keep their findings.
 */
function applySafeFixes(input: InputFile, source: SourceBytes, options: AnalyzeOptions, display: string, report: CheckReport, problems: string[]): string {
  const text = source.text;
  const result = fixAllText(input.path, text, options);
  if (result.text === text) return text;
  if (!source.utf8) {
    process.stderr.write(`ai-stack check: not valid UTF-8, not fixed: ${display}\n`);
    return text;
  }
  if (isReadOnly(source.stat, input.path)) {
    process.stderr.write(`ai-stack check: read-only, not fixed: ${display}\n`);
    return text;
  }
  try {
    writeFixed(input.path, source, result.text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push(`${display}: ${code ? `cannot write fixes (${code})` : (e as Error).message}`);
    return text;
  }
  for (const a of result.applied) report.fixed.push({ file: display, line: a.line, ruleId: a.ruleId, title: a.title });
  return result.text;
}

function isReadOnly(stat: fs.Stats, file: string): boolean {
  if ((stat.mode & 0o222) === 0) return true;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** The first of `inputs` that is the same file as `output` (same device and inode: symlinks, `..`, hard links). */
function sameFile(output: string, inputs: readonly string[]): string | undefined {
  const out = statOrUndefined(output);
  if (!out) return undefined;
  return inputs.find((input) => {
    const s = statOrUndefined(input);
    return s !== undefined && s.dev === out.dev && s.ino === out.ino;
  });
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function render(args: CheckArgs, report: CheckReport): string {
  if (args.format === 'json') return renderJson(report);
  if (args.format === 'sarif') return renderSarif(report, allRules(), VERSION);
  return (args.output ? '' : renderFixes(report)) + renderText(report);
}

/**
 * A YAML file named on the command line is compose even when its name does not say so; the engine
 * (fixAllText included) picks the analyzer by name, so teach it this exact name.
 */
function patternsFor(input: InputFile): Pick<AnalyzeOptions, 'composePatterns'> {
  if (input.kind !== 'compose' || fileKind(input.path) === 'compose') return {};
  return { composePatterns: [...DEFAULT_COMPOSE_PATTERNS, path.basename(input.path).replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&')] };
}

/** Dockerfile rules may not be registered in every build: analyzing an empty text tells. */
function hasAnalyzer(input: InputFile): boolean {
  return analyze(input.path, '', {}, input.kind) !== undefined;
}

function fail(message: string): number {
  process.stderr.write(`ai-stack check: ${message}\n`);
  return 2;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return statOrUndefined(file)?.isFile() ? readSource(file).text : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isReadableFile(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.R_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
