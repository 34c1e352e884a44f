/**
 * The projects of a workspace, cached until one of their files changes. Used by the language
 * server: it asks for the analysis of one file (judged in every set the file belongs to) and, when
 * a file or `.env` changes, which files must be re-checked (the members of affected sets, only).
 */
import path from 'node:path';
import type { Analysis, AnalyzeOptions } from '../analysis';
import type { Finding } from '../rule';
import type { SourceFile } from '../compose/sourceFile';
import { analyzeProject } from './project';
import { DEFAULT_BASE_NAMES, DEFAULT_OVERRIDE_NAMES, defaultSet, FileSet } from '../project/discovery';
import { ComposeProject, FileReader, loadProject } from '../project/project';
import { isUnder } from '../paths';

export interface WorkspaceSettings {
  /** Explicit sets; paths relative to a folder above the file (the workspace folder). */
  composeFiles?: string[][];
  developmentFiles?: string[];
}

export class ProjectWorkspace {
  private readonly projects = new Map<string, ComposeProject>();
  private readonly sources = new Map<string, SourceFile>();
  /**
   * Projects dropped because one of their own files changed, until they are loaded again: the new
   * version re-uses what an edit left alone (per-service rule findings). A change to anything else
   * a project read (`.env`, a Dockerfile) drops its previous version too.
   */
  private readonly previous = new Map<string, ComposeProject>();

  constructor(private readonly read: FileReader) {}

  /** Sets containing the file: configured ones, the default set of its directory, else the file alone. */
  setsFor(filePath: string, settings: WorkspaceSettings = {}): FileSet[] {
    const abs = path.resolve(filePath);
    const sets: FileSet[] = [];
    for (const set of settings.composeFiles ?? []) {
      // The workspace folder is not known here: try the file's ancestors until the set contains the file.
      for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
        const files = set.map((f) => path.resolve(dir, f));
        if (files.includes(abs)) {
          sets.push({ files, projectDirectory: path.dirname(files[0]), origin: 'configured' });
          break;
        }
        if (path.dirname(dir) === dir) break;
      }
    }
    const def = defaultSet(path.dirname(abs), this.read);
    if (def?.files.includes(abs) && !sets.some((s) => s.files.join('\n') === def.files.join('\n'))) sets.push(def);
    if (!sets.length) sets.push({ files: [abs], projectDirectory: path.dirname(abs), origin: 'single' });
    return sets;
  }

  projectsFor(filePath: string, settings: WorkspaceSettings = {}): ComposeProject[] {
    return this.setsFor(filePath, settings).map((set) => {
      const key = `${set.files.join('\n')}\n${(settings.developmentFiles ?? []).join(',')}`;
      let project = this.projects.get(key);
      if (!project) {
        project = loadProject({ files: set.files, projectDirectory: set.projectDirectory, read: this.read, cache: this.sources, developmentPatterns: settings.developmentFiles }, this.previous.get(key));
        this.previous.delete(key);
        this.projects.set(key, project);
      }
      return project;
    });
  }

  /** Analysis of a file across every set it belongs to (a finding any set reports is kept once). */
  analyze(filePath: string, options: AnalyzeOptions, settings: WorkspaceSettings = {}): Analysis {
    const abs = path.resolve(filePath);
    const analyses = this.projectsFor(abs, settings).map((p) => analyzeProject(p, abs, options));
    if (analyses.length === 1) return analyses[0];
    const owner = new Map<Finding, Analysis>();
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const a of analyses) {
      for (const f of a.findings) {
        const key = `${f.ruleId}:${f.range.start}:${f.range.end}:${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(f);
        owner.set(f, a);
      }
    }
    return { ...analyses[0], findings, fix: (f, o) => owner.get(f)?.fix(f, o), suppressions: (f) => owner.get(f)?.suppressions(f) ?? [] };
  }

  /**
   * A file changed (edited, saved, created or deleted): drops the projects that read it and returns
   * the files to re-check — every member of those sets — plus the file itself when it starts a set.
   * `onDisk`: the change came from the file watcher, which may name a folder (deleted, created or
   * renamed) for everything under it; an edit in the editor names one file, so a keystroke skips
   * that walk over every dependency of every cached set.
   */
  changed(changedPath: string, { onDisk = false }: { onDisk?: boolean } = {}): string[] {
    const abs = path.resolve(changedPath);
    const readsChanged = (project: ComposeProject) => (onDisk ? readsAtOrUnder(project, abs) : project.dependencies.has(abs));
    const affected = new Set<string>();
    for (const [key, project] of this.previous) {
      if (readsChanged(project) && !project.files.some((f) => f.path === abs)) this.previous.delete(key);
    }
    for (const [key, project] of this.projects) {
      const member = project.files.some((f) => f.path === abs);
      if (!member && !readsChanged(project)) continue;
      for (const f of project.files) affected.add(f.path);
      this.projects.delete(key);
      if (member) this.previous.set(key, project);
    }
    // A new or deleted compose/.env file can change which default set a directory has.
    const dir = path.dirname(abs);
    const isDefaultName = [...DEFAULT_BASE_NAMES, ...DEFAULT_OVERRIDE_NAMES].includes(path.basename(abs));
    for (const [key, project] of this.projects) {
      if (!isDefaultName || project.projectDirectory !== dir) continue;
      for (const f of project.files) affected.add(f.path);
      this.projects.delete(key);
    }
    if (isDefaultName) for (const [key, project] of this.previous) if (project.projectDirectory === dir && !project.files.some((f) => f.path === abs)) this.previous.delete(key);
    // The parsed file stays cached: the next load compares texts, and an edit inside one service re-parses only that service.
    return [...affected];
  }

  /** Files whose diagnostics depend on `changedPath`, without invalidating anything. */
  filesAffectedBy(changedPath: string): string[] {
    const abs = path.resolve(changedPath);
    const out = new Set<string>();
    for (const project of this.projects.values()) {
      if (project.dependencies.has(abs) || project.files.some((f) => f.path === abs)) for (const f of project.files) out.add(f.path);
    }
    return [...out];
  }

  /**
   * What the cached sets of `filePath` read besides the file itself: the other members, `.env`,
   * `extends`/`include` targets, built Dockerfiles. Lets a caller that releases the sets still tell
   * which files a later change on disk concerns.
   */
  readsOf(filePath: string): string[] {
    const abs = path.resolve(filePath);
    const out = new Set<string>();
    for (const project of this.projects.values()) {
      if (!project.files.some((f) => f.path === abs)) continue;
      for (const d of project.dependencies) out.add(d);
      for (const f of project.files) out.add(f.path);
    }
    out.delete(abs);
    return [...out];
  }

  /**
   * A file was closed in the editor: forget its parse (the open text) and every project and parse
   * that no longer serves a file in `isOpen`. Returns the paths the remaining projects still read
   * (so a disk cache can drop the rest). A closed file that belongs to an open file's set is parsed
   * again, from disk, when that file is next checked.
   */
  release(closedPath: string, isOpen: (absolutePath: string) => boolean): Set<string> {
    const closed = path.resolve(closedPath);
    this.changed(closed);
    this.sources.delete(closed);
    for (const [key, project] of this.previous) if (project.files.some((f) => f.path === closed || !isOpen(f.path))) this.previous.delete(key);
    const inUse = new Set<string>();
    for (const [key, project] of this.projects) {
      if (!project.files.some((f) => isOpen(f.path))) this.projects.delete(key);
      else for (const d of project.dependencies) inUse.add(d);
    }
    for (const p of this.sources.keys()) if (!inUse.has(p) && !isOpen(p)) this.sources.delete(p);
    return inUse;
  }

  clear(): void {
    this.projects.clear();
    this.previous.clear();
    this.sources.clear();
  }
}

/**
 * The project reads `changed` or something under it: a folder deleted, created or renamed is reported
 * as the folder alone (the watcher drops its children's events), and an `extends` or `include` target
 * inside it is then gone as well.
 */
function readsAtOrUnder(project: ComposeProject, changed: string): boolean {
  if (project.dependencies.has(changed)) return true;
  for (const d of project.dependencies) if (isUnder(d, changed)) return true;
  return project.files.some((f) => isUnder(f.path, changed));
}
