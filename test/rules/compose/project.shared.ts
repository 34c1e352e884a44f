// Project rules judge a file set as Compose loads it (overrides, extends, include, `.env`): they
// fire only on the engine's project model, never on a file checked alone. These helpers load a set
// from in-memory files under /p through the real loader (a missing key = a missing file).
import path from 'node:path';
import { AnalyzeOptions, Finding } from '../../../server/src/engine';
import { projectFindings } from '../../../server/src/engine/analyze/project';
import { ComposeProject, loadProject } from '../../../server/src/engine/project/project';

export type Files = Record<string, string>;

/** The project of `members` (default: compose.yaml) over files named relative to /p. */
export function project(files: Files, members = ['compose.yaml']): ComposeProject {
  const abs: Files = Object.fromEntries(Object.entries(files).map(([name, text]) => [path.posix.join('/p', name), text]));
  return loadProject({ files: members.map((m) => path.posix.join('/p', m)), read: (p) => abs[p] });
}

export function projectFindingsOf(files: Files, ruleId: string, members?: string[], options: AnalyzeOptions = {}): Finding[] {
  return projectFindings(project(files, members), options).filter((f) => f.ruleId === ruleId);
}

/** The text a finding underlines, read from the project's copy of its file. */
export function underlinedIn(p: ComposeProject, f: Finding): string {
  return p.fileAt(f.file)!.text.slice(f.range.start, f.range.end);
}
