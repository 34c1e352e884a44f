/**
 * What the image a service builds provides: the Dockerfile `build:` names (context + dockerfile,
 * `build: ./dir`, `dockerfile_inline`) is read through the project's reader (so it becomes a
 * dependency of the project), `ARG`s in `FROM` are resolved (Dockerfile defaults, then
 * `build.args`), `target:` selects a stage, and stage inheritance (`FROM <stage>`) is followed.
 * The selected stage's USER, HEALTHCHECK, EXPOSE and VOLUME are the service's.
 */
import path from 'node:path';
import type { ServiceView } from '../compose/model';
import { parseImage, type ImageRef } from '../compose/facts';
import { finalStage, stageNamed, type Instruction, type Stage } from '../dockerfile/context';
import { parseDockerfile } from '../dockerfile/parse';
import type { OffsetRange } from '../text';
import type { ComposeProject } from './project';

export interface BuildFacts {
  /** Absolute path of the Dockerfile, or `dockerfile_inline`. */
  dockerfile: string;
  /** For messages: `Dockerfile (stage "runtime")`. */
  label: string;
  /** Last USER of the stage chain (ARGs resolved where they have values); undefined when none sets one. */
  user?: { value: string; resolved: boolean; range: OffsetRange };
  /** Last HEALTHCHECK of the stage chain: NONE is 'disabled'. */
  healthcheck?: { state: 'present' | 'disabled'; range: OffsetRange };
  expose: string[];
  volumes: string[];
  /** The external image the stage finally builds on (ARGs resolved), when it is not `scratch`. */
  base?: ImageRef;
  /** The stage's FROM keyword, for pointing at the stage. */
  stageRange: OffsetRange;
}

const cache = new WeakMap<ComposeProject, Map<string, BuildFacts | null>>();

/** Facts of the image `svc` builds, or undefined when it builds nothing or the Dockerfile cannot be read. */
export function buildFacts(project: ComposeProject, svc: ServiceView): BuildFacts | undefined {
  let perProject = cache.get(project);
  if (!perProject) cache.set(project, (perProject = new Map()));
  if (!perProject.has(svc.name)) {
    let facts: BuildFacts | null = null;
    try {
      facts = compute(project, svc) ?? null;
    } catch {
      facts = null; // an unreadable build is "unknown", never a crash of the rules
    }
    perProject.set(svc.name, facts);
  }
  return perProject.get(svc.name) ?? undefined;
}

function compute(project: ComposeProject, svc: ServiceView): BuildFacts | undefined {
  const ref = svc.get(['build']);
  if (!ref) return undefined;
  const build: Record<string, unknown> = typeof ref.js === 'string' ? { context: ref.js } : ref.js && typeof ref.js === 'object' ? (ref.js as Record<string, unknown>) : {};
  const context = typeof build.context === 'string' ? build.context : '.';
  let text: string | undefined;
  let dockerfile: string;
  if (typeof build.dockerfile_inline === 'string') {
    text = build.dockerfile_inline;
    dockerfile = 'dockerfile_inline';
  } else {
    // Remote contexts (git URLs, tarballs) cannot be read here.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@|\.git(#|$)/.test(context)) return undefined;
    // Relative paths are resolved from the project directory, or from the file an extends/include brings in.
    const baseDir = project.mainFiles.includes(ref.file) ? project.projectDirectory : path.dirname(ref.file.path);
    const contextDir = path.resolve(baseDir, context);
    dockerfile = path.resolve(contextDir, typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile');
    text = project.consultFile(dockerfile);
  }
  if (text === undefined) return undefined;
  const df = parseDockerfile(dockerfile, text);
  if (!df.stages.length) return undefined;
  const target = typeof build.target === 'string' ? build.target : undefined;
  const stage = target ? stageNamed(df, target) : finalStage(df);
  if (!stage) return undefined;
  const args = buildArgs(build.args);
  const globals = argDefaults(df.globalArgs, args, new Map());
  // The stage and the stages it is built FROM, newest first (an ARG may name the parent stage).
  const chain: Stage[] = [stage];
  for (let s = stage; ; ) {
    const parent = stageNamed(df, substitute(s.image, globals).value, s.index);
    if (!parent || chain.includes(parent)) break;
    chain.push(parent);
    s = parent;
  }
  const root = chain[chain.length - 1];
  const baseName = substitute(root.image, globals);
  const base = baseName.resolved && baseName.value.toLowerCase() !== 'scratch' ? parseImage(baseName.value) : undefined;
  const facts: BuildFacts = {
    dockerfile,
    label: `${dockerfile === 'dockerfile_inline' ? 'dockerfile_inline' : path.basename(dockerfile)} (${stage.alias ? `stage "${stage.alias}"` : target ? `stage ${target}` : 'final stage'})`,
    expose: [],
    volumes: [],
    base,
    stageRange: stage.from.keywordRange,
  };
  let vars = globals;
  for (const s of [...chain].reverse()) {
    for (const instr of s.instructions) {
      const body = instr.body.text.trim();
      if (instr.keyword === 'ARG' || instr.keyword === 'ENV') vars = argDefaults([instr], args, vars);
      else if (instr.keyword === 'USER') {
        const v = substitute(body, vars);
        facts.user = { value: v.value, resolved: v.resolved, range: instr.range };
      } else if (instr.keyword === 'HEALTHCHECK') {
        facts.healthcheck = { state: /^NONE\b/i.test(body) ? 'disabled' : 'present', range: instr.range };
      } else if (instr.keyword === 'EXPOSE') {
        for (const w of body.split(/\s+/)) {
          const v = substitute(w, vars);
          if (v.resolved && v.value) facts.expose.push(v.value.split('/')[0]);
        }
      } else if (instr.keyword === 'VOLUME') {
        const list = instr.json ?? body.split(/\s+/);
        for (const w of list) {
          const v = substitute(w, vars);
          if (v.resolved && v.value) facts.volumes.push(v.value);
        }
      }
    }
  }
  return facts;
}

function buildArgs(js: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(js)) {
    for (const item of js) {
      const s = String(item);
      const eq = s.indexOf('=');
      if (eq > 0) out.set(s.slice(0, eq), s.slice(eq + 1));
    }
  } else if (js && typeof js === 'object') {
    for (const [k, v] of Object.entries(js)) if (v != null) out.set(k, String(v));
  }
  return out;
}

/** Variables after ARG/ENV instructions: a build arg wins over an ARG default. */
function argDefaults(instrs: Instruction[], args: Map<string, string>, before: Map<string, string>): Map<string, string> {
  const vars = new Map(before);
  for (const instr of instrs) {
    const body = instr.body.text.trim();
    if (instr.keyword === 'ARG') {
      for (const word of body.split(/\s+/)) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        if (!name) continue;
        const given = args.get(name);
        if (given !== undefined) vars.set(name, given);
        else if (eq >= 0) vars.set(name, unquote(substitute(word.slice(eq + 1), vars).value));
      }
    } else if (instr.keyword === 'ENV') {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(=|\s+)(.*)$/s.exec(body);
      if (!m) continue;
      if (m[2] !== '=') vars.set(m[1], m[3]);
      else for (const [, k, v] of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) vars.set(k, unquote(v));
    }
  }
  return vars;
}

/** `$X`, `${X}`, `${X:-d}`, `${X:+w}` as the Dockerfile builder expands them; `resolved` is false when a variable has no value. */
function substitute(text: string, vars: ReadonlyMap<string, string>): { value: string; resolved: boolean } {
  let resolved = true;
  const value = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const v = vars.get(name);
    const set = v !== undefined && v !== '';
    if (op?.endsWith('-')) return set ? v! : arg ?? '';
    if (op?.endsWith('+')) return set ? arg ?? '' : '';
    if (v === undefined) resolved = false;
    return v ?? '';
  });
  return { value, resolved };
}

function unquote(s: string): string {
  return /^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s;
}
