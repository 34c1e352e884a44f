/**
 * `ai-stack check -f a.yml -f b.yml`: the files are one compose project, merged as
 * `docker compose -f a.yml -f b.yml` merges them (override files, extends, include, .env).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnalyzeOptions } from '../engine/analysis';
import type { Target } from '../engine/rule';
import { findingsByFile } from '../engine/analyze/project';
import { loadProject } from '../engine/project/project';
import type { LoadedConfig } from './configLookup';
import { DEFAULT_DEVELOPMENT_PATTERNS } from './configLookup';
import { CheckReport, displayPath, Locator } from './report';

export interface ProjectInput {
  files: string[];
  projectDirectory?: string;
  envFile?: string;
  /** Where the project is deployed (compose or swarm). */
  target?: Target;
}

export function checkProject(input: ProjectInput, loaded: LoadedConfig, report: CheckReport, locator: Locator, problems: string[]): void {
  // Each file read once: the readability check's text is the one the project loads.
  const texts = new Map<string, string | undefined>();
  const read = (file: string): string | undefined => {
    const abs = path.resolve(file);
    if (!texts.has(abs)) texts.set(abs, readText(abs));
    return texts.get(abs);
  };
  const unreadable = input.files.filter((f) => read(f) === undefined);
  for (const f of unreadable) problems.push(`-f ${displayPath(f, report.cwd)}: cannot read this file`);
  if (unreadable.length) return;
  const project = loadProject({
    files: input.files,
    read,
    projectDirectory: input.projectDirectory,
    envFile: input.envFile,
    // As docker compose: the shell environment wins over .env for interpolation.
    environment: { ...process.env } as Record<string, string>,
    developmentPatterns: loaded.config.developmentFiles ?? DEFAULT_DEVELOPMENT_PATTERNS,
  });
  const options: AnalyzeOptions = { severities: loaded.config.rules, target: input.target };
  for (const [file, findings] of findingsByFile(project, options)) {
    const source = project.fileAt(file);
    if (source) locator.add(file, source.text);
    report.files.push(displayPath(file, report.cwd));
    for (const f of findings) report.findings.push(locator.finding(f, undefined));
  }
}

function readText(file: string): string | undefined {
  try {
    // Not a FIFO or a device (an env file or include could be one): reading it would block or never end.
    return fs.statSync(path.resolve(file)).isFile() ? fs.readFileSync(path.resolve(file), 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
