/**
 * Merged values of a compose project. Every merged node remembers where its effective value is
 * written (file + YAML node), so findings and hovers can point at the file the user must edit.
 * Merge rules follow the Compose Specification (merge.md): mappings merge, most sequences append,
 * volumes/devices/secrets/configs merge by target, command/entrypoint/healthcheck.test replace,
 * `!reset` removes and `!override` replaces.
 */
import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { effectiveEntries, Entry } from '../compose/mapping';
import type { ValueRef } from '../compose/model';
import type { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';
import { interpolate, InterpolationProblem, needsInterpolation, Variables, VariableUse } from './interpolate';

export interface Origin {
  file: SourceFile;
  node: Node | null;
  keyNode?: Node | null;
  via?: ValueRef['via'];
  /** How the value got here when not written in the service itself, e.g. "extends base (common.yml)". */
  note?: string;
}

export interface MNode {
  kind: 'map' | 'seq' | 'scalar';
  origin: Origin;
  entries?: Map<string, MNode>;
  items?: MNode[];
  value?: unknown;
  tag?: string;
  /** Every place that contributed to a merged value, in merge order (for hovers). */
  contributors?: Origin[];
  /** Variables used in this scalar (for hovers and diagnostics). */
  uses?: VariableUse[];
}

export interface LocatedInterpolationProblem extends InterpolationProblem {
  file: SourceFile;
  node: Node;
}

export interface BuildContext {
  vars: Variables;
  problems: LocatedInterpolationProblem[];
  note?: string;
}

/** Turns a YAML node into an MNode, resolving aliases and merge keys and interpolating strings. */
export function build(file: SourceFile, raw: unknown, ctx: BuildContext, keyNode?: Node | null, via?: ValueRef['via']): MNode {
  const node = raw == null ? null : file.resolve(raw) ?? null;
  const tag = (node as { tag?: string } | null)?.tag;
  const origin: Origin = { file, node, keyNode, via, note: ctx.note };
  if (isMap(node)) {
    const entries = new Map<string, MNode>();
    for (const [key, entry] of effectiveEntries(file, node)) {
      const entryVia = via ?? (entry.via ? viaAnchor(file, entry.via) : undefined);
      entries.set(key, build(file, entry.value, ctx, entry.keyNode, entryVia));
    }
    return { kind: 'map', origin, entries, tag };
  }
  if (isSeq(node)) {
    return { kind: 'seq', origin, items: node.items.map((item) => build(file, item, ctx, null, via)), tag };
  }
  let value: unknown = isScalar(node) ? node.value : null;
  let uses: VariableUse[] | undefined;
  if (typeof value === 'string' && needsInterpolation(value)) {
    const result = interpolate(value, ctx.vars);
    value = result.value;
    uses = result.uses;
    for (const p of result.problems) ctx.problems.push({ ...p, file, node: node! });
  }
  if (tag === '!reset' || tag === '!override') value = value === 'null' ? null : value;
  return { kind: 'scalar', origin, value, tag, uses };
}

/**
 * A mapping built as `build` builds it, without the entries `skip` names (they are built on their
 * own, e.g. each service of `services:`).
 */
export function buildMapWithout(file: SourceFile, map: YAMLMap, ctx: BuildContext, skip: (key: string, value: Node | null) => boolean): MNode {
  const entries = new Map<string, MNode>();
  for (const [key, entry] of effectiveEntries(file, map)) {
    if (skip(key, entry.value)) continue;
    entries.set(key, build(file, entry.value, ctx, entry.keyNode, entry.via ? viaAnchor(file, entry.via) : undefined));
  }
  return { kind: 'map', origin: { file, node: map, keyNode: undefined, via: undefined, note: ctx.note }, entries, tag: map.tag };
}

/**
 * Where an inherited value comes from. The range is read when asked: a merged node outlives edits
 * elsewhere in its file (they shift the nodes in place), so a range taken at build time would go stale.
 * A class (the getter on its prototype): an object literal with its own getter is a dictionary-mode
 * object plus a closure, ~350 bytes for each of the ~13 inherited entries per service of a large file.
 */
class AnchorVia {
  constructor(
    readonly anchor: string,
    readonly file: SourceFile,
    private readonly node: Node,
  ) {}

  get range(): OffsetRange {
    return this.file.rangeOf(this.node);
  }
}

/** One AnchorVia per merge source: the entries inherited through one `<<: *x` share their mapping's `via` (see effectiveEntries). */
const vias = new WeakMap<NonNullable<Entry['via']>, AnchorVia>();

function viaAnchor(file: SourceFile, via: NonNullable<Entry['via']>): AnchorVia {
  let out = vias.get(via);
  if (!out || out.file !== file) vias.set(via, (out = new AnchorVia(via.anchor, file, via.node)));
  return out;
}

const jsCache = new WeakMap<MNode, unknown>();

export function toJS(m: MNode | undefined): unknown {
  if (!m) return undefined;
  if (m.kind === 'scalar') return m.value;
  const hit = jsCache.get(m);
  if (hit !== undefined) return hit;
  let out: unknown;
  if (m.kind === 'seq') out = m.items!.map(toJS);
  else out = Object.fromEntries([...m.entries!].map(([k, v]) => [k, toJS(v)]));
  jsCache.set(m, out);
  return out;
}

export function toRef(m: MNode): ValueRef {
  return { js: toJS(m), node: m.origin.node, file: m.origin.file, keyNode: m.origin.keyNode, via: m.origin.via };
}

/** Drops `!reset` entries (a reset in the only file that sets a key means "not set"). */
export function stripResets(m: MNode): MNode {
  if (m.kind === 'map') {
    const entries = new Map<string, MNode>();
    for (const [k, v] of m.entries!) if (v.tag !== '!reset') entries.set(k, stripResets(v));
    return { ...m, entries };
  }
  if (m.kind === 'seq') return { ...m, items: m.items!.filter((i) => i.tag !== '!reset').map(stripResets) };
  return m;
}

type Path = readonly string[];

const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test', 'build.ssh']);
const SCALAR_OR_LIST = new Set(['dns', 'dns_search', 'env_file', 'tmpfs']);
/** Sequences Compose treats as mappings (`KEY=value` lists) when merging. */
const LIST_AS_MAP: Record<string, string> = {
  environment: '=',
  labels: '=',
  annotations: '=',
  'build.args': '=',
  'build.labels': '=',
  'deploy.labels': '=',
  sysctls: '=',
  extra_hosts: ':',
  depends_on: '',
  networks: '',
  links: ':',
};
const BY_TARGET: Record<string, (js: unknown) => string | undefined> = {
  volumes: volumeTarget,
  devices: deviceTarget,
  secrets: fileTarget,
  configs: fileTarget,
};

/**
 * Merges `over` onto `base`. `path` is the key path inside a service (['ports'], ['healthcheck',
 * 'test']) or undefined for top-level sections, where only the generic rules apply.
 */
export function merge(base: MNode | undefined, over: MNode, path?: Path): MNode | undefined {
  if (over.tag === '!reset') return undefined;
  if (!base || over.tag === '!override') return stripResets(over);
  const key = path?.join('.') ?? '';
  const contributors = [...(base.contributors ?? [base.origin]), over.origin];
  if (path && REPLACED.has(key)) return { ...stripResets(over), contributors };
  if (path && SCALAR_OR_LIST.has(key) && (base.kind === 'seq' || over.kind === 'seq')) {
    return mergeSeq(asSeq(base), asSeq(over), key, contributors);
  }
  if (path && key in LIST_AS_MAP && (base.kind !== over.kind || (base.kind === 'seq' && key !== 'depends_on' && key !== 'networks'))) {
    if (base.kind !== 'scalar' && over.kind !== 'scalar') return mergeMaps(listAsMap(base, LIST_AS_MAP[key]), listAsMap(over, LIST_AS_MAP[key]), path, contributors);
  }
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over, path, contributors);
  if (base.kind === 'seq' && over.kind === 'seq') return mergeSeq(base, over, key, contributors);
  return { ...stripResets(over), contributors };
}

function mergeMaps(base: MNode, over: MNode, path: Path | undefined, contributors: Origin[]): MNode {
  const entries = new Map(base.entries);
  for (const [k, v] of over.entries!) {
    const merged = merge(entries.get(k), v, path ? [...path, k] : undefined);
    if (merged) entries.set(k, merged);
    else entries.delete(k);
  }
  return { kind: 'map', origin: over.origin, entries, contributors };
}

function mergeSeq(base: MNode, over: MNode, key: string, contributors: Origin[]): MNode {
  const overItems = over.items!.filter((i) => i.tag !== '!reset').map(stripResets);
  const targetOf = BY_TARGET[key];
  let items: MNode[];
  if (targetOf) {
    // Entries sharing a target are replaced in place; new ones are appended.
    items = [...base.items!];
    for (const item of overItems) {
      const t = targetOf(toJS(item));
      const at = t === undefined ? -1 : items.findIndex((b) => targetOf(toJS(b)) === t);
      if (at >= 0) items[at] = item;
      else items.push(item);
    }
  } else {
    const seen = new Set(overItems.map((i) => JSON.stringify(toJS(i))));
    items = [...base.items!.filter((b) => !seen.has(JSON.stringify(toJS(b)))), ...overItems];
  }
  return { kind: 'seq', origin: over.origin, items, contributors };
}

function asSeq(m: MNode): MNode {
  return m.kind === 'seq' ? m : { kind: 'seq', origin: m.origin, items: m.value == null ? [] : [m] };
}

/** `[KEY=value, …]` → mapping with one entry per key (each pointing at its list item). */
function listAsMap(m: MNode, sep: string): MNode {
  if (m.kind !== 'seq') return m;
  const entries = new Map<string, MNode>();
  for (const item of m.items!) {
    const text = String(item.value ?? '');
    const at = sep ? text.indexOf(sep) : -1;
    const name = at >= 0 ? text.slice(0, at) : text;
    const value: MNode = sep ? { ...item, value: at >= 0 ? text.slice(at + 1) : null } : { kind: 'map', origin: item.origin, entries: new Map() };
    entries.set(name, value);
  }
  return { kind: 'map', origin: m.origin, entries, contributors: m.contributors };
}

export function volumeTarget(js: unknown): string | undefined {
  if (js && typeof js === 'object') return (js as { target?: string }).target;
  if (typeof js !== 'string') return undefined;
  const parts = splitVolume(js);
  return parts.length === 1 ? parts[0] : parts[1];
}

/** `src:dst[:mode]` with Windows drive letters (`C:\x:/y`) kept together. */
export function splitVolume(s: string): string[] {
  const parts = s.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1] ?? '')) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  return parts;
}

function deviceTarget(js: unknown): string | undefined {
  if (js && typeof js === 'object') return (js as { target?: string }).target;
  if (typeof js !== 'string') return undefined;
  const parts = js.split(':');
  return parts[1] ?? parts[0];
}

function fileTarget(js: unknown): string | undefined {
  if (typeof js === 'string') return js;
  if (js && typeof js === 'object') {
    const o = js as { target?: string; source?: string };
    return o.target ?? o.source;
  }
  return undefined;
}
