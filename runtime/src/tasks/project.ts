/**
 * A compose project as the task runner needs it: a view over the engine's project model
 * (server/src/engine/project: the default file set incl. COMPOSE_FILE, `.env`, interpolation,
 * merge, `extends`, `include`), plus the project name (always passed to compose as -p so labels and
 * the model agree) and per service the facts migrate/smoke/deploy use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { healthState, imageOf, isDatabase, isOllama, portSpecs } from '../../../server/src/engine/compose/facts';
import { DEFAULT_BASE_NAMES, defaultSet } from '../../../server/src/engine/project/discovery';
import { ComposeProject, loadProject } from '../../../server/src/engine/project/project';
import type { ProjectServiceView } from '../../../server/src/engine/project/serviceView';
import { commandText } from '../../../server/src/engine/rules/shared/stackFacts';
import type { ComposeProjectRef } from '../compose/cli';
import type { Parsed } from './definition';
import type { PortInput } from './ports';

const MIGRATION_SERVICE = /^(db[-_]?)?migrat(e|ions?)$/i;

export type Env = Record<string, string | undefined>;

export interface ServiceInfo {
  name: string;
  /** Absolute path of the first file that defines the service, and its 1-based line. */
  file: string;
  line: number;
  image?: string;
  /** Absolute build context directory, when the service builds. */
  buildContext?: string;
  ports: PortInput[];
  hasHealthcheck: boolean;
  dependsOn: Array<{ name: string; condition: string }>;
  /** entrypoint and command as one string, for detection. */
  commandText: string;
  isDatabase: boolean;
  isOllama: boolean;
  isMigrationService: boolean;
  /** `profiles:`; such a service only runs when one of them is active. */
  profiles: string[];
}

export interface TaskProject {
  directory: string;
  /** Absolute compose files: the given ones, else the set compose picks (COMPOSE_FILE, or default + override). */
  files: string[];
  /** True when files were given explicitly; otherwise they were discovered like compose does. */
  explicitFiles: boolean;
  name: string;
  services: ServiceInfo[];
  /** `.env` with the environment on top, as interpolation saw them. */
  variables: ReadonlyMap<string, string>;
  /** COMPOSE_PROFILES, as compose reads it. */
  activeProfiles: string[];
  /** The engine's model the view was made from. */
  model: ComposeProject;
}

export interface ProjectOptions {
  files?: string[];
  projectName?: string;
  projectDirectory?: string;
  /** Base for relative paths (default process.cwd()). */
  cwd?: string;
  /** Variables on top of process.env (and the project's .env), for interpolation and the compose child. */
  env?: Env;
}

/**
 * Always the files the model was read from (also the discovered default set): compose v1 and v2
 * differ in which default names they know, and the checks must see what compose runs.
 */
export function projectRef(project: TaskProject): ComposeProjectRef {
  return { files: project.files, projectName: project.name, projectDirectory: project.directory };
}

/** process.env with `extra` on top, without unset entries. */
export function shellEnvironment(extra: Env = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...extra })) if (v !== undefined) out[k] = v;
  return out;
}

export function loadTaskProject(options: ProjectOptions): Parsed<TaskProject> {
  const cwd = options.cwd ?? process.cwd();
  const given = (options.files ?? []).filter((f) => f.trim() !== '').map((f) => path.resolve(cwd, f));
  const directory = path.resolve(cwd, options.projectDirectory ?? (given[0] ? path.dirname(given[0]) : '.'));
  const environment = shellEnvironment(options.env);
  const texts = new Map<string, string | undefined>();
  const errors = new Map<string, string>();
  const read = (p: string): string | undefined => {
    if (!texts.has(p)) {
      try {
        texts.set(p, readFileSync(p, 'utf8'));
      } catch (e) {
        texts.set(p, undefined);
        errors.set(p, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
      }
    }
    return texts.get(p);
  };

  let files = given;
  if (files.length === 0) {
    const set = defaultSet(directory, read, environment);
    if (!set) return { ok: false, message: `No compose file in ${directory} (looked for COMPOSE_FILE, ${DEFAULT_BASE_NAMES.join(', ')}). Pass -f FILE.` };
    files = set.files;
  }
  for (const file of files) {
    if (read(file) === undefined) return { ok: false, message: `Cannot read compose file ${file}: ${errors.get(file) ?? 'unreadable'}` };
  }

  const model = loadProject({ files, read, projectDirectory: directory, environment });
  for (const file of model.files) {
    const syntax = file.problems.find((p) => p.code !== 'yaml-duplicate-key');
    if (syntax) return { ok: false, message: `${file.path}:${file.lines.positionAt(syntax.range.start).line + 1}: ${syntax.message}` };
  }
  const problem = model.loadProblems[0];
  if (problem) return { ok: false, message: `${problem.file.path}:${problem.file.lines.positionAt(problem.range.start).line + 1}: ${problem.message}` };

  const topName = model.top('name')?.js;
  const variables = model.variables;
  const name = normalizeProjectName(options.projectName ?? (typeof topName === 'string' && topName ? topName : undefined) ?? variables.get('COMPOSE_PROJECT_NAME') ?? path.basename(directory));
  if (!name) return { ok: false, message: `Cannot derive a compose project name from "${directory}"; pass -p NAME.` };
  const activeProfiles = (variables.get('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const services = model.services.map((view) => describe(view, model, directory));
  return { ok: true, value: { directory, files, explicitFiles: given.length > 0, name, services, variables, activeProfiles, model } };
}

/** Compose's rule: lower case, only [a-z0-9_-], starting with a letter or digit. */
export function normalizeProjectName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

function describe(view: ProjectServiceView, model: ComposeProject, directory: string): ServiceInfo {
  const image = imageOf(view);
  return {
    name: view.name,
    file: view.file.path,
    line: view.file.lines.positionAt(view.keyRange.start).line + 1,
    image: image?.raw,
    buildContext: buildContext(view, model, directory),
    ports: portSpecs(view).map((p) => ({ hostIp: p.hostIp, published: p.published, target: p.target, protocol: p.protocol })),
    hasHealthcheck: healthState(view) === 'present',
    dependsOn: view.dependsOn,
    commandText: commandText(view),
    isDatabase: isDatabase(image),
    isOllama: isOllama(image),
    isMigrationService: MIGRATION_SERVICE.test(view.name),
    profiles: view.profiles,
  };
}

/**
 * The build context as an absolute directory: relative to the project directory when written in
 * one of the project's files, else (extends from or include of another file) to that file's directory.
 */
function buildContext(view: ProjectServiceView, model: ComposeProject, directory: string): string | undefined {
  const build = view.at(['build']);
  const js = view.get(['build'])?.js;
  if (!build || js == null || js === false) return undefined;
  const written = build.kind === 'map' ? view.at(['build', 'context']) : build;
  const context = build.kind === 'map' ? written?.value : build.value;
  const file = (written ?? build).origin.file;
  const base = model.mainFiles.includes(file) ? directory : path.dirname(file.path);
  return path.resolve(base, typeof context === 'string' && context ? context : '.');
}

/** True unless the service has profiles and none of them is active (then `up` does not start it). */
export function isActive(project: TaskProject, service: ServiceInfo): boolean {
  return service.profiles.length === 0 || service.profiles.some((p) => p === '*' || project.activeProfiles.includes(p) || project.activeProfiles.includes('*'));
}

/** Services a smoke test probes: published ports, active, not databases/caches/model servers or one-off migration jobs. */
export function appServices(project: TaskProject): ServiceInfo[] {
  return project.services.filter((s) => s.ports.length > 0 && isActive(project, s) && !s.isDatabase && !s.isOllama && !s.isMigrationService);
}

/** FastAPI apps serve /docs: recognised by the start command or the build context's dependencies. */
export function looksLikeFastApi(service: ServiceInfo): boolean {
  if (/\b(uvicorn|fastapi)\b/i.test(service.commandText)) return true;
  if (!service.buildContext) return false;
  for (const file of ['requirements.txt', 'pyproject.toml', 'Pipfile', 'poetry.lock']) {
    try {
      if (/\bfastapi\b/i.test(readFileSync(path.join(service.buildContext, file), 'utf8'))) return true;
    } catch {
      /* not there */
    }
  }
  return false;
}
