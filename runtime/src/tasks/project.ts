/**
 * A compose project as the task runner needs it: its files, its name (always passed to compose
 * as -p so labels and the model agree), and per service the facts migrate/smoke/deploy use.
 * Reads the files through the rule engine's source model (merge keys, anchors resolved).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceFile } from '../../../server/src/engine/compose/sourceFile';
import { SingleFileModel, ServiceView, ValueRef } from '../../../server/src/engine/compose/model';
import { imageOf, isDatabase, isOllama, parsePort } from '../../../server/src/engine/compose/facts';
import type { ComposeProjectRef } from '../compose/cli';
import type { Parsed } from './definition';
import { Env, interpolate, parseDotEnv } from './interpolate';
import type { PortInput } from './ports';

export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];
const MIGRATION_SERVICE = /^(db[-_]?)?migrat(e|ions?)$/i;

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
  /** command/entrypoint as written (string or argv), for detection. */
  commandText: string;
  isDatabase: boolean;
  isOllama: boolean;
  isMigrationService: boolean;
  /** `profiles:`; such a service only runs when one of them is active. */
  profiles: string[];
}

export interface ComposeProject {
  directory: string;
  /** Absolute compose files; the ones compose picks by default when none were given. */
  files: string[];
  /** True when files were given explicitly; otherwise they were discovered like compose does. */
  explicitFiles: boolean;
  name: string;
  services: ServiceInfo[];
  env: Env;
  /** COMPOSE_PROFILES, as compose reads it. */
  activeProfiles: string[];
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
 * Always the files the model was read from (also the discovered default + override): compose v1
 * and v2 differ in which default names they know, and the checks must see what compose runs.
 */
export function projectRef(project: ComposeProject): ComposeProjectRef {
  return { files: project.files, projectName: project.name, projectDirectory: project.directory };
}

export function loadProject(options: ProjectOptions): Parsed<ComposeProject> {
  const cwd = options.cwd ?? process.cwd();
  const given = (options.files ?? []).filter((f) => f.trim() !== '').map((f) => path.resolve(cwd, f));
  const directory = path.resolve(cwd, options.projectDirectory ?? (given[0] ? path.dirname(given[0]) : '.'));
  let files = given;
  if (files.length === 0) {
    const base = DEFAULT_COMPOSE_FILES.map((f) => path.join(directory, f)).find((f) => existsSync(f));
    if (!base) return { ok: false, message: `No compose file in ${directory} (looked for ${DEFAULT_COMPOSE_FILES.join(', ')}). Pass -f FILE.` };
    const override = OVERRIDE_FILES.map((f) => path.join(directory, f)).find((f) => existsSync(f));
    files = override ? [base, override] : [base];
  }
  const dotEnvPath = path.join(directory, '.env');
  const env: Env = { ...(existsSync(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {}), ...process.env, ...(options.env ?? {}) };

  const sources: SourceFile[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return { ok: false, message: `Cannot read compose file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    const source = new SourceFile(file, text);
    const syntax = source.problems.find((p) => p.code !== 'yaml-duplicate-key');
    if (syntax) return { ok: false, message: `${file}:${source.lines.positionAt(syntax.range.start).line + 1}: ${syntax.message}` };
    sources.push(source);
  }

  const services = new Map<string, ServiceInfo>();
  let topName: string | undefined;
  for (const source of sources) {
    const model = new SingleFileModel(source);
    const name = model.top('name')?.js;
    if (typeof name === 'string' && name) topName = interpolate(name, env);
    for (const view of model.services) {
      const info = describe(view, source, directory, env);
      const earlier = services.get(view.name);
      services.set(view.name, earlier ? mergeService(earlier, info, view) : info);
    }
  }
  const name = normalizeProjectName(options.projectName ?? topName ?? env.COMPOSE_PROJECT_NAME ?? path.basename(directory));
  if (!name) return { ok: false, message: `Cannot derive a compose project name from "${directory}"; pass -p NAME.` };
  const activeProfiles = (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return { ok: true, value: { directory, files, explicitFiles: given.length > 0, name, services: [...services.values()], env, activeProfiles } };
}

/** Compose's rule: lower case, only [a-z0-9_-], starting with a letter or digit. */
export function normalizeProjectName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

function describe(view: ServiceView, source: SourceFile, directory: string, env: Env): ServiceInfo {
  const image = imageOf(view);
  const build = view.get(['build'])?.js;
  const context = typeof build === 'string' ? build : build && typeof build === 'object' ? (build as Record<string, unknown>).context : undefined;
  const buildContext = build ? path.resolve(directory, interpolate(typeof context === 'string' ? context : '.', env)) : undefined;
  return {
    name: view.name,
    file: source.path,
    line: source.lines.positionAt(view.keyRange.start).line + 1,
    image: image ? interpolate(image.raw, env) : undefined,
    buildContext,
    ports: view.items(['ports']).map((ref) => portInput(ref, env)),
    hasHealthcheck: hasHealthcheck(view.get(['healthcheck'])?.js),
    dependsOn: dependsOn(view.get(['depends_on'])?.js),
    commandText: [view.get(['entrypoint'])?.js, view.get(['command'])?.js].filter((x) => x != null).map(commandString).join(' '),
    isDatabase: isDatabase(image),
    isOllama: isOllama(image),
    isMigrationService: MIGRATION_SERVICE.test(view.name),
    profiles: Array.isArray(view.get(['profiles'])?.js) ? (view.get(['profiles'])!.js as unknown[]).map(String) : [],
  };
}

/** A later file overrides scalars and appends ports, as compose merges them. */
function mergeService(base: ServiceInfo, over: ServiceInfo, view: ServiceView): ServiceInfo {
  const has = (key: string) => view.get([key]) !== undefined;
  return {
    ...base,
    image: over.image ?? base.image,
    buildContext: over.buildContext ?? base.buildContext,
    ports: [...base.ports, ...over.ports],
    hasHealthcheck: has('healthcheck') ? over.hasHealthcheck : base.hasHealthcheck,
    dependsOn: has('depends_on') ? over.dependsOn : base.dependsOn,
    commandText: has('command') || has('entrypoint') ? over.commandText : base.commandText,
    isDatabase: over.image ? over.isDatabase : base.isDatabase,
    isOllama: over.image ? over.isOllama : base.isOllama,
    profiles: has('profiles') ? over.profiles : base.profiles,
  };
}

function portInput(ref: ValueRef, env: Env): PortInput {
  const js = ref.js;
  const interpolated =
    typeof js === 'string'
      ? interpolate(js, env)
      : js && typeof js === 'object' && !Array.isArray(js)
        ? Object.fromEntries(Object.entries(js as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? interpolate(v, env) : v]))
        : js;
  const spec = parsePort({ ...ref, js: interpolated });
  return { hostIp: spec.hostIp, published: spec.published, target: spec.target, protocol: spec.protocol };
}

function hasHealthcheck(js: unknown): boolean {
  if (!js || typeof js !== 'object') return false;
  const hc = js as Record<string, unknown>;
  if (hc.disable === true) return false;
  const test = hc.test;
  if (Array.isArray(test)) return test.length > 0 && String(test[0]).toUpperCase() !== 'NONE';
  return typeof test === 'string' ? test.trim() !== '' : false;
}

function dependsOn(js: unknown): Array<{ name: string; condition: string }> {
  if (Array.isArray(js)) return js.map((name) => ({ name: String(name), condition: 'service_started' }));
  if (js && typeof js === 'object') {
    return Object.entries(js as Record<string, unknown>).map(([name, v]) => ({
      name,
      condition: v && typeof v === 'object' && typeof (v as Record<string, unknown>).condition === 'string' ? String((v as Record<string, unknown>).condition) : 'service_started',
    }));
  }
  return [];
}

function commandString(js: unknown): string {
  return Array.isArray(js) ? js.map(String).join(' ') : String(js);
}

/** True unless the service has profiles and none of them is active (then `up` does not start it). */
export function isActive(project: ComposeProject, service: ServiceInfo): boolean {
  return service.profiles.length === 0 || service.profiles.some((p) => p === '*' || project.activeProfiles.includes(p) || project.activeProfiles.includes('*'));
}

/** Services a smoke test probes: published ports, active, not databases/caches/model servers or one-off migration jobs. */
export function appServices(project: ComposeProject): ServiceInfo[] {
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
