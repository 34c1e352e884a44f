/**
 * A compose project as `docker compose -f a -f b` loads it: every file parsed once, interpolated
 * with the project's `.env`, `extends` and `include` resolved, files merged by the spec's rules.
 * It implements ComposeModel, so every compose rule judges merged services unchanged.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { isMap, Node, Pair, YAMLMap } from 'yaml';
import type { ComposeModel, ValueRef } from '../compose/model';
import { keyString } from '../compose/mapping';
import { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';
import { interpolate, parseDotEnv } from './interpolate';
import { build, BuildContext, buildMapWithout, LocatedInterpolationProblem, merge, MNode, toRef } from './merge';
import { ServiceReuse } from './serviceReuse';
import { ProjectServiceView } from './serviceView';

/** Reads a file's text, or undefined when it does not exist / cannot be read. The LSP passes open documents first. */
export type FileReader = (absolutePath: string) => string | undefined;

import { DEFAULT_DEVELOPMENT_PATTERNS } from '../config';
/** Declared once, in engine/config.ts. */
export { DEFAULT_DEVELOPMENT_PATTERNS };

export interface LoadOptions {
  /** Absolute paths, in `-f` order. */
  files: string[];
  read: FileReader;
  /** Default: the directory of the first file (as Compose). */
  projectDirectory?: string;
  /** Like `--env-file`; default `<projectDirectory>/.env`. */
  envFile?: string;
  /** Shell environment: wins over `.env` (the editor passes none, so results do not depend on how it was started). */
  environment?: Record<string, string>;
  developmentPatterns?: string[];
  /** Parsed files to reuse when their text has not changed (keeps an edit in one file from re-parsing the others). */
  cache?: Map<string, SourceFile>;
  /** Files of the projects that include this one (outermost first): an `include` of one of them is a cycle. */
  includedBy?: string[];
}

export type Section = 'services' | 'networks' | 'volumes' | 'secrets' | 'configs';
export const SECTIONS: Section[] = ['services', 'networks', 'volumes', 'secrets', 'configs'];

export interface Definition {
  name: string;
  file: SourceFile;
  keyNode: Node | null;
  value: Node | null;
}

export interface ExtendsRef {
  service: string;
  /** File holding the `extends`. */
  file: SourceFile;
  /** Node of the target service name (`extends: base` or `service: base`). */
  nameNode: Node | null;
  target: string;
  targetPath: string;
  /** Target service definition when found. */
  found?: Definition;
  /** Service names available in the target file (for did-you-mean). */
  candidates: string[];
}

export interface LoadProblem {
  code: 'project-file-missing' | 'extends-cycle' | 'include-cycle' | 'load-failed';
  message: string;
  file: SourceFile;
  range: OffsetRange;
}

/**
 * A service's own merged value (before other files and `extends`), by the pair that defines it.
 * An in-place edit keeps the pairs of the services it did not touch, so the next version of the
 * project re-uses their values instead of building them again. Valid for the same file object and
 * the same variables; the interpolation problems found while building are kept with it.
 */
const builtServices = new WeakMap<Pair, { file: SourceFile; variables: string; own: MNode; problems: LocatedInterpolationProblem[] }>();

/** Merged values of a service defined in several files, by their parts (merging the same parts gives the same value). */
const mergedServices = new WeakMap<MNode, WeakMap<MNode, MNode>>();

function mergeService(base: MNode, over: MNode): MNode {
  let byOver = mergedServices.get(base);
  if (!byOver) mergedServices.set(base, (byOver = new WeakMap()));
  let merged = byOver.get(over);
  if (!merged) byOver.set(over, (merged = merge(base, over, []) ?? over));
  return merged;
}

export class ComposeProject implements ComposeModel {
  readonly files: SourceFile[] = [];
  readonly mainFiles: SourceFile[] = [];
  readonly services: ProjectServiceView[] = [];
  readonly definitions = new Map<Section, Map<string, Definition[]>>(SECTIONS.map((s) => [s, new Map()]));
  readonly extendsRefs: ExtendsRef[] = [];
  readonly interpolationProblems: LocatedInterpolationProblem[] = [];
  readonly loadProblems: LoadProblem[] = [];
  readonly projectDirectory: string;
  readonly envFile: string;
  readonly envFileExists: boolean;
  readonly variables: Map<string, string>;
  /** Paths this project read or looked for (members, extends/include targets, `.env`): a change to any of them changes the result. */
  readonly dependencies = new Set<string>();
  private readonly isDevelopmentName: (name: string) => boolean;
  private top_: MNode | undefined;
  private readonly byName = new Map<string, ProjectServiceView>();
  private readonly includes: ComposeProject[] = [];
  /** The variables, as one string: two versions of a project interpolate alike when theirs are equal. */
  readonly variablesKey: string;
  /** The version of each file when this project read it (files are edited in place: see SourceFile.parse). */
  private readonly fileVersions = new Map<SourceFile, number>();
  /** Per-service rule findings of the previous version re-used, this version's recorded (see serviceReuse.ts). */
  readonly ruleReuse: ServiceReuse;

  /** `previous`: the same set's last version, whose per-service rule findings may be re-used for what an edit left alone. */
  constructor(readonly options: LoadOptions, previous?: ComposeProject) {
    this.projectDirectory = options.projectDirectory ?? path.dirname(options.files[0] ?? '.');
    this.envFile = options.envFile ?? path.join(this.projectDirectory, '.env');
    // Compiled once: the question is asked for every finding of a relaxed rule.
    this.isDevelopmentName = picomatch(options.developmentPatterns ?? DEFAULT_DEVELOPMENT_PATTERNS, { nocase: true });
    const shell = new Map(Object.entries(options.environment ?? {}));
    this.dependencies.add(this.envFile);
    const envText = this.read(this.envFile);
    this.envFileExists = envText !== undefined;
    this.variables = new Map([...parseDotEnv(envText ?? '', shell), ...shell]);
    this.variablesKey = JSON.stringify([...this.variables]);
    try {
      this.load();
    } catch (e) {
      // Whatever went wrong, the files must not look clean: say so on each of them.
      this.loadFailure = e as Error;
      for (const file of this.mainFiles.length ? this.mainFiles : this.files) {
        this.loadProblems.push({ code: 'load-failed', message: `The project could not be loaded (${(e as Error).message}); its rules did not run.`, file, range: { start: 0, end: Math.min(1, file.text.length) } });
      }
    }
    this.ruleReuse = ServiceReuse.between(this, this.fileVersions, previous && { project: previous, record: previous.ruleReuse.record_ });
    // Re-used findings may rest on what the previous version consulted (a Dockerfile): keep watching it.
    if (this.ruleReuse.reusing) for (const d of previous!.dependencies) this.dependencies.add(d);
  }

  private envExample_: { text: string | undefined } | undefined;

  /** The text of `.env.example` (or `env.example`) beside the project, read on first use; rules read it as documentation of which variables are optional. */
  envExampleText(): string | undefined {
    if (!this.envExample_) {
      let text: string | undefined;
      for (const name of ['.env.example', 'env.example']) {
        const p = path.join(this.projectDirectory, name);
        this.dependencies.add(p);
        text = this.read(p);
        if (text !== undefined) break;
      }
      this.envExample_ = { text };
    }
    return this.envExample_.text;
  }

  private readonly consulted = new Map<string, string | undefined>();

  /** The text of a file rules consult (the Dockerfile a service builds), read once and tracked as a dependency. */
  consultFile(p: string): string | undefined {
    this.dependencies.add(p);
    if (!this.consulted.has(p)) this.consulted.set(p, this.read(p));
    return this.consulted.get(p);
  }

  /** Set when loading threw: the project is incomplete, only its load problems are reliable. */
  loadFailure: Error | undefined;

  service(name: string): ProjectServiceView | undefined {
    return this.byName.get(name);
  }

  top(key: string): ValueRef | undefined {
    const m = this.top_?.entries?.get(key);
    return m && toRef(m);
  }

  topNode(key: string): MNode | undefined {
    return this.top_?.entries?.get(key);
  }

  isDevelopment(file: SourceFile | string): boolean {
    const p = typeof file === 'string' ? file : file.path;
    return this.isDevelopmentName(path.basename(p));
  }

  /** The reader, with a read that throws (ELOOP from a symlink loop, EACCES…) taken as "cannot be read". */
  private read(p: string): string | undefined {
    try {
      return this.options.read(p);
    } catch {
      return undefined;
    }
  }

  /** True when the project includes other projects (`include:`). */
  get hasIncludes(): boolean {
    return this.includes.length > 0;
  }

  fileAt(p: string): SourceFile | undefined {
    return this.files.find((f) => f.path === p);
  }

  private source(p: string, referrer?: { file: SourceFile; node: Node | null }): SourceFile | undefined {
    this.dependencies.add(p);
    const known = this.files.find((f) => f.path === p);
    if (known) return known;
    const text = this.read(p);
    if (text === undefined) {
      this.options.cache?.delete(p); // deleted or unreadable: its last parse is of no further use
      if (referrer) this.loadProblems.push({ code: 'project-file-missing', message: `${path.basename(p)} does not exist or cannot be read (${p}).`, file: referrer.file, range: referrer.file.rangeOf(referrer.node) });
      return undefined;
    }
    let file = this.options.cache?.get(p);
    if (!file || file.text !== text) {
      file = SourceFile.parse(p, text, file);
      this.options.cache?.set(p, file);
    }
    this.files.push(file);
    this.fileVersions.set(file, file.version);
    return file;
  }

  private load(): void {
    const services = new Map<string, { merged: MNode; first: { file: SourceFile; keyNode: Node | null; node: YAMLMap | null }; definedIn: { file: SourceFile; keyNode: Node | null }[] }>();
    for (const p of this.options.files) {
      const file = this.source(p);
      if (!file) continue;
      this.mainFiles.push(file);
      const root = file.root;
      if (!root) continue;
      const ctx = this.buildContext();
      for (const pair of root.items) {
        const key = keyString(pair.key);
        if (key === 'include') this.loadIncludes(file, pair.value as Node | null);
      }
      // Top-level sections other than services merge as plain mappings. Each service is built on its own
      // below; `services:` is built here only when it has a merge key (its merged-in entries are no
      // service, but their interpolation problems are reported).
      const topOnly = buildMapWithout(file, root, ctx, (key, value) => key === 'services' && !(isMap(value) && value.items.some((p) => keyString(p.key) === '<<')));
      topOnly.entries!.delete('services');
      topOnly.entries!.delete('include');
      this.top_ = this.top_ ? merge(this.top_, topOnly) : topOnly;
      this.collectDefinitions(file, root);
      const svcMap = rawEntry(file, root, 'services');
      if (!isMap(svcMap)) continue;
      const seen = new Set<string>();
      for (const pair of svcMap.items) {
        const name = keyString(pair.key);
        if (!name || name === '<<') continue;
        // A name defined twice in one file (a YAML error) is read as its first definition, twice.
        const own = this.ownService(file, seen.has(name) ? svcMap.items.find((p) => keyString(p.key) === name)! : pair, name);
        seen.add(name);
        const value = file.resolve(pair.value);
        const known = services.get(name);
        if (!known) {
          services.set(name, { merged: own, first: { file, keyNode: pair.key as Node, node: isMap(value) ? value : null }, definedIn: [{ file, keyNode: pair.key as Node }] });
        } else {
          known.merged = mergeService(known.merged, own);
          known.definedIn.push({ file, keyNode: pair.key as Node });
        }
      }
    }
    // Included projects come first, as Compose loads them before the including file's services.
    for (const sub of this.includes) {
      for (const svc of sub.services) if (!services.has(svc.name)) this.addService(svc);
    }
    for (const [name, s] of services) {
      this.addService(new ProjectServiceView(name, s.first.file, s.first.keyNode, s.first.node, s.merged, s.definedIn));
    }
    dedupeProblems(this.interpolationProblems);
  }

  private addService(view: ProjectServiceView): void {
    this.services.push(view);
    this.byName.set(view.name, view);
  }

  private buildContext(note?: string): BuildContext {
    return { vars: this.variables, problems: this.interpolationProblems, note };
  }

  /** A service of a main file, `extends` applied: re-used from the last version when its pair is unchanged and it extends nothing. */
  private ownService(file: SourceFile, pair: Pair, name: string): MNode {
    const hit = builtServices.get(pair);
    if (hit && hit.file === file && hit.variables === this.variablesKey) {
      for (const p of hit.problems) this.interpolationProblems.push(p);
      return hit.own;
    }
    const before = this.interpolationProblems.length;
    const own = build(file, pair.value, this.buildContext(), pair.key as Node);
    if (own.kind === 'map' && own.entries!.has('extends')) return this.withExtends(file, name, own, []);
    builtServices.set(pair, { file, variables: this.variablesKey, own, problems: this.interpolationProblems.slice(before) });
    return own;
  }

  /** A service of one file with its `extends` chain applied. */
  private resolveService(file: SourceFile, name: string, stack: string[], note?: string): MNode | undefined {
    const root = file.root;
    const svcMap = root && rawEntry(file, root, 'services');
    if (!isMap(svcMap)) return undefined;
    const pair = svcMap.items.find((p) => keyString(p.key) === name);
    if (!pair) return undefined;
    const own = build(file, pair.value, this.buildContext(note), pair.key as Node);
    if (own.kind !== 'map' || !own.entries!.has('extends')) return own;
    return this.withExtends(file, name, own, stack);
  }

  /** `own` (a service of `file` that has `extends`) merged onto what it extends. */
  private withExtends(file: SourceFile, name: string, own: MNode, stack: string[]): MNode {
    const ext = own.entries!.get('extends')!;
    const entries = new Map(own.entries);
    entries.delete('extends');
    const self: MNode = { ...own, entries };
    const target = extendsTarget(ext);
    if (!target.service) return self;
    const targetPath = target.file ? path.resolve(path.dirname(file.path), target.file) : file.path;
    const targetFile = target.file ? this.source(targetPath, { file, node: ext.entries?.get('file')?.origin.node ?? ext.origin.node }) : file;
    const id = `${targetPath}#${target.service}`;
    const ref: ExtendsRef = { service: name, file, nameNode: target.nameNode, target: target.service, targetPath, candidates: targetFile ? serviceNames(targetFile) : [] };
    if (!this.extendsRefs.some((r) => r.file === file && r.nameNode === ref.nameNode)) this.extendsRefs.push(ref);
    if (!targetFile) return self;
    if (stack.includes(id)) {
      this.loadProblems.push({ code: 'extends-cycle', message: `extends cycle: ${[...stack, id].map((s) => s.split('#')[1]).join(' → ')}.`, file, range: file.rangeOf(target.nameNode) });
      return self;
    }
    const def = findService(targetFile, target.service);
    if (!def) return self;
    ref.found = def;
    const rel = targetFile === file ? '' : ` (${path.basename(targetFile.path)})`;
    const base = this.resolveService(targetFile, target.service, [...stack, `${file.path}#${name}`, id].filter((v, i, a) => a.indexOf(v) === i), `extends ${target.service}${rel}`);
    return base ? merge(base, self, []) ?? self : self;
  }

  private loadIncludes(file: SourceFile, value: Node | null): void {
    const list = file.toJS(value);
    if (!Array.isArray(list)) return;
    const seq = file.resolve(value) as { items?: Node[] } | undefined;
    list.forEach((entry, i) => {
      const node = seq?.items?.[i] ?? value;
      const spec = typeof entry === 'string' ? { path: entry } : (entry as { path?: string | string[]; project_directory?: string; env_file?: string | string[] });
      const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).filter((p): p is string => typeof p === 'string').map((p) => path.resolve(path.dirname(file.path), this.interpolatePath(p)));
      if (!paths.length) return;
      const chain = [...(this.options.includedBy ?? []), ...this.options.files];
      const cyclic = paths.filter((p) => chain.includes(p));
      if (cyclic.length) {
        for (const p of cyclic) this.loadProblems.push({ code: 'include-cycle', message: `include cycle: ${path.basename(p)} is already being loaded (${[...chain.slice(chain.indexOf(p)), p].map((f) => path.basename(f)).join(' → ')}).`, file, range: file.rangeOf(node) });
        return;
      }
      const missing = paths.filter((p) => {
        this.dependencies.add(p);
        return this.read(p) === undefined;
      });
      if (missing.length) {
        for (const p of missing) this.loadProblems.push({ code: 'project-file-missing', message: `Included file ${path.basename(p)} does not exist or cannot be read (${p}).`, file, range: file.rangeOf(node) });
        return;
      }
      const envFile = Array.isArray(spec.env_file) ? spec.env_file[0] : spec.env_file;
      const dir = spec.project_directory ? path.resolve(path.dirname(file.path), spec.project_directory) : path.dirname(paths[0]);
      const sub = new ComposeProject({ ...this.options, files: paths, projectDirectory: dir, envFile: envFile ? path.resolve(path.dirname(file.path), envFile) : undefined, includedBy: chain });
      this.includes.push(sub);
      for (const f of sub.files) if (!this.files.includes(f)) this.files.push(f);
      for (const d of sub.dependencies) this.dependencies.add(d);
      for (const r of sub.extendsRefs) this.extendsRefs.push(r);
      for (const p of sub.interpolationProblems) this.interpolationProblems.push(p);
      for (const p of sub.loadProblems) this.loadProblems.push(p);
      for (const [section, defs] of sub.definitions) {
        const into = this.definitions.get(section)!;
        for (const [name, list] of defs) into.set(name, [...(into.get(name) ?? []), ...list]);
      }
      if (sub.top_) this.top_ = this.top_ ? merge(sub.top_, this.top_) : sub.top_;
    });
  }

  private interpolatePath(p: string): string {
    return interpolate(p, this.variables).value;
  }

  private collectDefinitions(file: SourceFile, root: YAMLMap): void {
    for (const section of SECTIONS) {
      const map = rawEntry(file, root, section);
      if (!isMap(map)) continue;
      const defs = this.definitions.get(section)!;
      for (const pair of map.items) {
        const name = keyString(pair.key);
        if (!name || name === '<<') continue;
        const list = defs.get(name) ?? [];
        list.push({ name, file, keyNode: pair.key as Node, value: file.resolve(pair.value) ?? null });
        defs.set(name, list);
      }
    }
  }
}

/** `previous`: the same set's last version (see the constructor). */
export function loadProject(options: LoadOptions, previous?: ComposeProject): ComposeProject {
  return new ComposeProject(options, previous);
}

/** Value node of a top-level key (merge keys resolved). */
function rawEntry(file: SourceFile, map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) if (keyString(pair.key) === key) return file.resolve(pair.value);
  return undefined;
}

function serviceNames(file: SourceFile): string[] {
  const svcMap = file.root && rawEntry(file, file.root, 'services');
  return isMap(svcMap) ? svcMap.items.map((p) => keyString(p.key)).filter((n) => n && n !== '<<') : [];
}

function findService(file: SourceFile, name: string): Definition | undefined {
  const svcMap = file.root && rawEntry(file, file.root, 'services');
  if (!isMap(svcMap)) return undefined;
  const pair = svcMap.items.find((p) => keyString(p.key) === name);
  return pair ? { name, file, keyNode: pair.key as Node, value: file.resolve(pair.value) ?? null } : undefined;
}

function extendsTarget(ext: MNode): { service?: string; file?: string; nameNode: Node | null } {
  if (ext.kind === 'scalar') return { service: ext.value == null ? undefined : String(ext.value), nameNode: ext.origin.node };
  if (ext.kind !== 'map') return { nameNode: ext.origin.node };
  const svc = ext.entries!.get('service');
  const file = ext.entries!.get('file');
  return {
    service: svc?.value == null ? undefined : String(svc.value),
    file: file?.value == null ? undefined : String(file.value),
    nameNode: svc?.origin.node ?? ext.origin.node,
  };
}

/** Drops repeats (a node built twice reports its problems twice), in place, keeping the first of each. */
function dedupeProblems(list: LocatedInterpolationProblem[]): void {
  // By node, then position and kind: no key string per problem (thousands at 1000 services, on every keystroke).
  const seen = new Map<Node, LocatedInterpolationProblem[]>();
  let kept = 0;
  for (const p of list) {
    const same = seen.get(p.node);
    if (same?.some((q) => q.start === p.start && q.kind === p.kind && q.file.path === p.file.path)) continue;
    if (same) same.push(p);
    else seen.set(p.node, [p]);
    list[kept++] = p;
  }
  list.length = kept;
}

