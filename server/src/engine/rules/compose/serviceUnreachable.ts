/**
 * service-unreachable: a service that names another service as a host must share a network with it.
 * Also the engine's reachability facts (which service reaches which, on which networks), shared with
 * the service-networks fix and the "Add GPU Ollama service" generator so they keep a stack connected.
 */
import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ComposeModel, ServiceView, ValueRef } from '../../compose/model';
import { anchorRelated, isOneShot, perService } from '../../compose/facts';
import type { SourceFile } from '../../compose/sourceFile';
import { appendItem, insertKey, prependItem, setPath } from '../../edits/yamlEdit';
import type { FindingDraft, RelatedInfo, Rule, TextEdit } from '../../rule';
import type { OffsetRange } from '../../text';
import { hostMentions } from '../shared/hostMentions';
import { serviceOf } from '../shared/util';

// ---------------------------------------------------------------------------------------------
// Networks a service is on

export type Membership =
  | {
      kind: 'networks';
      /** Network keys (as written under the service, `default` when it has no `networks:`) → aliases on that network. */
      nets: Map<string, string[]>;
      /** The `networks:` setting, absent when the service is on the default network implicitly. */
      ref?: ValueRef;
      /** Set when the networks are another service's (`network_mode: service:x`). */
      through?: { service: string; ref: ValueRef };
    }
  | { kind: 'other'; mode: string; ref: ValueRef };

const memberships = new WeakMap<object, Map<string, Membership>>();

/** The networks of a service; `network_mode: service:x` follows x; host, none, bridge, container:… are `other`. */
export function membershipOf(model: ComposeModel, svc: ServiceView, seen: Set<string> = new Set()): Membership {
  let cache = memberships.get(model);
  if (!cache) memberships.set(model, (cache = new Map()));
  const hit = cache.get(svc.name);
  if (hit) return hit;
  const m = computeMembership(model, svc, seen);
  cache.set(svc.name, m);
  return m;
}

function computeMembership(model: ComposeModel, svc: ServiceView, seen: Set<string>): Membership {
  const own = ownMembership(svc);
  if (own.kind === 'other' && own.mode.startsWith('service:')) {
    const owner = model.service(own.mode.slice(8));
    if (owner && !seen.has(svc.name)) {
      seen.add(svc.name);
      const m = membershipOf(model, owner, seen);
      return m.kind === 'networks' ? { ...m, through: { service: owner.name, ref: own.ref } } : m;
    }
  }
  return own;
}

/** The networks a service's own value names (`network_mode: service:x` left unresolved, as `other`); remembered per service. */
const ownMembership = perService((svc: ServiceView): Membership => {
  const mode = svc.get(['network_mode']);
  if (mode && mode.js != null) return { kind: 'other', mode: String(mode.js), ref: mode };
  const ref = svc.get(['networks']);
  const nets = new Map<string, string[]>();
  const js = ref?.js;
  if (Array.isArray(js)) for (const n of js) nets.set(String(n), []);
  else if (js && typeof js === 'object') {
    for (const [n, v] of Object.entries(js as Record<string, unknown>)) {
      const aliases = v && typeof v === 'object' ? (v as { aliases?: unknown }).aliases : undefined;
      nets.set(n, Array.isArray(aliases) ? aliases.map(String) : []);
    }
  }
  // No `networks:` (or an empty one): the default network. No ref, so no edit tries to extend it.
  if (!ref || nets.size === 0) return { kind: 'networks', nets: new Map([['default', []]]) };
  return { kind: 'networks', nets, ref };
});

/** What makes two network keys the same network: an explicit `name:`, an external network's name, else the key. */
export function networkIdentity(model: ComposeModel): (key: string) => string {
  const declared = model.top('networks')?.js;
  const table = declared && typeof declared === 'object' ? (declared as Record<string, unknown>) : {};
  return (key) => {
    const d = table[key];
    if (d && typeof d === 'object') {
      const o = d as { name?: unknown; external?: unknown };
      if (typeof o.name === 'string') return `name:${o.name}`;
      const ext = o.external;
      if (ext && typeof ext === 'object' && typeof (ext as { name?: unknown }).name === 'string') return `name:${(ext as { name: string }).name}`;
      if (ext === true || ext === 'true') return `name:${key}`;
    }
    return `key:${key}`;
  };
}

/** Network keys declared at the top level (where a service may join them), plus `default`. */
export function declaredNetworks(model: ComposeModel): Set<string> {
  const declared = model.top('networks')?.js;
  return new Set(['default', ...(declared && typeof declared === 'object' ? Object.keys(declared as object) : [])]);
}

// ---------------------------------------------------------------------------------------------
// Host names a service uses

export interface HostUse {
  host: string;
  /** Setting it appears in, e.g. `environment OLLAMA_BASE_URL`, `command`, `links`, `depends_on`. */
  where: string;
  /** The matched text (URL without user and password, or host:port), for messages. */
  text: string;
  ref: ValueRef;
  /** Source range of the host token (or of the whole value when the offsets cannot be mapped). */
  range: OffsetRange;
  /** Ordering only (`depends_on`): no host name in a value. */
  order?: boolean;
}

/** Source range of `match` (found in the value at valueIndex) inside the scalar's source text; the whole scalar when it cannot be found. */
function rangeIn(file: SourceFile, node: Node | null | undefined, match: string, hostOffset: number, hostLength: number, from: { at: number }): OffsetRange | undefined {
  if (!node?.range) return undefined;
  const [start, end] = node.range;
  const src = file.text.slice(start, end);
  const at = src.indexOf(match, from.at);
  if (at < 0) return undefined;
  from.at = at + match.length;
  return { start: start + at + hostOffset, end: start + at + hostOffset + hostLength };
}

/**
 * Every place a service names one of `hosts`: URLs and host:port in environment (map and list),
 * command, entrypoint and healthcheck test, `DB_HOST: db`-style variables, links, and depends_on
 * (ordering only; not for one-shot jobs the service waits to complete). The candidates come from the
 * service's remembered facts (rules/shared/hostMentions.ts); their ranges are found here, in the current text.
 */
export function hostUses(model: ComposeModel, svc: ServiceView, isHost: (name: string) => boolean, oneShot: (svc: ServiceView) => boolean = (t) => isOneShot(model, t)): HostUse[] {
  const out: HostUse[] = [];
  const mentions = hostMentions(svc);
  // A use needs a node with a source range (else it has no range at all); the range itself is found when asked.
  for (const v of mentions.values) {
    const ref = v.ref;
    if (!ref.node?.range) continue;
    if (v.bare && isHost(v.bare.value)) {
      const value = v.bare.value;
      const scan = new Scan(ref, v.bare.from);
      out.push(scan.add(new LazyUse(value, v.where, value, ref, scan), value, 0, value.length));
      continue;
    }
    let scan: Scan | undefined;
    for (const h of v.hits) {
      if (!isHost(h.host)) continue;
      scan ??= new Scan(ref, 0);
      out.push(scan.add(new LazyUse(h.host, v.where, h.shown, ref, scan), h.match, h.index - h.matchIndex, h.host.length));
    }
  }
  for (const { name, ref } of mentions.links) {
    if (!isHost(name) || !ref.node?.range) continue;
    const scan = new Scan(ref, 0);
    out.push(scan.add(new LazyUse(name, 'links', ref.js as string, ref, scan), name, 0, name.length));
  }
  const deps = mentions.deps;
  for (const dep of deps?.entries ?? []) {
    if (!isHost(dep.name) || dep.condition === 'service_completed_successfully') continue;
    const target = model.service(dep.name);
    if (target && oneShot(target)) continue;
    const ref = { ...deps!.ref, node: dep.node, js: dep.name };
    if (!ref.node?.range) continue;
    out.push(new LazyUse(dep.name, 'depends_on', dep.name, ref, undefined, true));
  }
  return out;
}

/**
 * A host use whose source range is found in the current text when first asked: most uses are never
 * reported, and finding a range means slicing the text of its scalar.
 */
class LazyUse implements HostUse {
  /** Set by the scan while it locates its uses (the range is found again on each access: uses outlive edits that move it). */
  found: OffsetRange | undefined;
  constructor(
    readonly host: string,
    readonly where: string,
    readonly text: string,
    readonly ref: ValueRef,
    private readonly scan: Scan | undefined,
    readonly order?: boolean,
  ) {}

  get range(): OffsetRange {
    if (!this.scan) return this.ref.file.rangeOf(this.ref.node);
    this.scan.locate();
    return this.found!;
  }
}

/** The uses found in one scanned value: located together, in order, as each search goes on after the last match. */
class Scan {
  private readonly uses: { use: LazyUse; match: string; hostOffset: number; hostLength: number }[] = [];
  constructor(
    private readonly ref: ValueRef,
    private readonly from: number,
  ) {}

  add(use: LazyUse, match: string, hostOffset: number, hostLength: number): LazyUse {
    this.uses.push({ use, match, hostOffset, hostLength });
    return use;
  }

  locate(): void {
    const from = { at: this.from };
    for (const u of this.uses) u.use.found = rangeIn(this.ref.file, this.ref.node, u.match, u.hostOffset, u.hostLength, from) ?? this.ref.file.rangeOf(this.ref.node);
  }
}

// ---------------------------------------------------------------------------------------------
// Who reaches whom

export interface HostTarget {
  service: string;
  /** Network keys (of the target) on which the name resolves to it; undefined: all of its networks. */
  only?: string;
}

export interface Reach {
  consumer: ServiceView;
  target: ServiceView;
  /** Uses in source order, host names first, then links, then depends_on. */
  uses: HostUse[];
  /** Target network keys on which the names used resolve to the target. */
  targetNets: string[];
  /** Consumer network keys. */
  consumerNets: string[];
  /** All network keys of the target (more than targetNets when only an alias is used). */
  targetAll: string[];
  shared: boolean;
}

const reaches = new WeakMap<object, Reach[]>();

/** Host names of the stack: service names, container names (all networks) and network aliases (their network only). */
export function hostTable(model: ComposeModel): Map<string, HostTarget[]> {
  const table = new Map<string, HostTarget[]>();
  for (const svc of model.services) addHosts(table, hostEntries(model, svc));
  return table;
}

/** The host names one service adds to the table. */
function hostEntries(model: ComposeModel, svc: ServiceView): [string, HostTarget][] {
  const out: [string, HostTarget][] = [[svc.name, { service: svc.name }]];
  const cn = containerName(svc);
  if (cn) out.push([cn, { service: svc.name }]);
  const m = membershipOf(model, svc);
  if (m.kind === 'networks' && !m.through) for (const [net, aliases] of m.nets) for (const a of aliases) out.push([a, { service: svc.name, only: net }]);
  return out;
}

function addHosts(table: Map<string, HostTarget[]>, entries: [string, HostTarget][]): void {
  for (const [host, t] of entries) {
    const list = table.get(host) ?? [];
    if (!list.some((x) => x.service === t.service && x.only === t.only)) list.push(t);
    table.set(host, list);
  }
}

/** A literal `container_name:` (a host name on every network of the service); remembered per service. */
const containerName = perService((svc: ServiceView): string | undefined => {
  const cn = svc.get(['container_name'])?.js;
  return typeof cn === 'string' && cn && !cn.includes('$') ? cn : undefined;
});

/**
 * Every consumer → target pair of the model (each once, with all its uses), whether they share a network or not.
 * Shared between versions of a project (the arrays, not the views): do not change them.
 */
export function reachPairs(model: ComposeModel): Reach[] {
  const hit = reaches.get(model);
  if (hit) return hit;
  const state = stackState(model);
  const out: Reach[] = [];
  for (const consumer of model.services) {
    const r = state.byConsumer.get(consumer.name);
    if (!r) continue;
    for (const t of r.targets) out.push({ consumer, target: model.service(t.name)!, uses: t.uses, targetNets: t.targetNets, consumerNets: r.consumerNets, targetAll: t.targetAll, shared: t.shared });
  }
  reaches.set(model, out);
  return out;
}

/** The reaches of one consumer without its views: what a keystroke elsewhere can re-use. */
interface ConsumerReaches {
  consumerNets: string[];
  targets: { name: string; uses: HostUse[]; targetNets: string[]; targetAll: string[]; shared: boolean }[];
}

/**
 * What the reaches of a project version were derived from, per file: each service's merged value (its
 * own facts) and what it gives the others (host names, networks, depends_on, which decides one-shot
 * jobs). Kept by the file (released with it) for the next version of the same project.
 */
interface StackState {
  /** The model the records' views belong to (what a changed service offered the others is read from it when needed). */
  model: ComposeModel;
  records: ServiceRecord[];
  networks: string;
  table: Map<string, HostTarget[]>;
  byConsumer: Map<string, ConsumerReaches | undefined>;
}

interface ServiceRecord {
  name: string;
  merged: object;
  view: ServiceView;
}

const states = new WeakMap<object, StackState>();
/** More changed services than this: the whole stack is derived again (an edit of one service changes one). */
const MAX_CHANGED = 16;

/**
 * The reaches of every consumer. On a keystroke inside one service (its merged value new, every other
 * one kept), when what it gives the others is unchanged (its host names, networks and depends_on), only
 * that service and the consumers that name one of its host names are derived again: the others'
 * reaches cannot have changed. Anything else (services added, removed, renamed or reordered, top-level
 * networks, a changed service's host names, networks or depends_on) derives the whole stack again.
 */
function stackState(model: ComposeModel): StackState {
  const services = model.services;
  const key = services[0]?.file;
  const mergedOf = (svc: ServiceView) => (svc as { merged?: unknown }).merged;
  // The single-file model (one check, no merged values) is derived once and not remembered.
  const remembered = !!key && services.every((svc) => typeof mergedOf(svc) === 'object' && mergedOf(svc) !== null);
  const networks = JSON.stringify(model.top('networks')?.js ?? null);
  const last = remembered ? states.get(key!) : undefined;
  const changed = last && changedServices(model, last, networks);
  const state = changed ? reuse(model, last!, changed) : derive(model, networks, remembered);
  if (remembered) states.set(key!, state);
  return state;
}

/** Indexes of the services whose merged value changed, when everything else the stack shares is the same; undefined otherwise. */
function changedServices(model: ComposeModel, last: StackState, networks: string): number[] | undefined {
  const services = model.services;
  if (last.networks !== networks || last.records.length !== services.length) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < services.length; i++) {
    const record = last.records[i];
    if (record.name !== services[i].name) return undefined;
    if (record.merged === (services[i] as { merged?: unknown }).merged) continue;
    if (changed.length === MAX_CHANGED || sharedFacts(last.model, record.view) !== sharedFacts(model, services[i])) return undefined;
    changed.push(i);
  }
  return changed;
}

function reuse(model: ComposeModel, last: StackState, changed: number[]): StackState {
  const services = model.services;
  const records = services.map(record);
  const names = new Set<string>();
  for (const i of changed) {
    for (const [host] of hostEntries(model, services[i])) names.add(host);
  }
  const byConsumer = new Map(last.byConsumer);
  const ctx = deriveContext(model, last.table);
  const again = new Set(changed.map((i) => services[i].name));
  for (const svc of services) if (!again.has(svc.name) && [...names].some((n) => mentionedNames(svc).has(n))) again.add(svc.name);
  for (const name of again) byConsumer.set(name, consumerReaches(model, model.service(name)!, ctx));
  return { model, records, networks: last.networks, table: last.table, byConsumer };
}

function derive(model: ComposeModel, networks: string, remembered: boolean): StackState {
  const table = hostTable(model);
  const ctx = deriveContext(model, table);
  const byConsumer = new Map<string, ConsumerReaches | undefined>();
  for (const svc of model.services) byConsumer.set(svc.name, consumerReaches(model, svc, ctx));
  return { model, records: remembered ? model.services.map(record) : [], networks, table, byConsumer };
}

function record(svc: ServiceView): ServiceRecord {
  return { name: svc.name, merged: (svc as unknown as { merged: object }).merged, view: svc };
}

/** What other services' reaches read of this one: its host names, its networks, its depends_on (one-shot jobs of others). */
function sharedFacts(model: ComposeModel, svc: ServiceView): string {
  const own = ownMembership(svc);
  const networks = own.kind === 'other' ? ['other', own.mode] : ['networks', [...own.nets], !!own.ref];
  return JSON.stringify([hostEntries(model, svc), networks, !!svc.node, svc.get(['depends_on'])?.js ?? null]);
}

interface DeriveContext {
  table: Map<string, HostTarget[]>;
  idOf: (key: string) => string;
  oneShot: (svc: ServiceView) => boolean;
}

function deriveContext(model: ComposeModel, table: Map<string, HostTarget[]>): DeriveContext {
  const identity = networkIdentity(model);
  const identities = new Map<string, string>();
  const oneShots = new Map<ServiceView, boolean>();
  return {
    table,
    idOf: (key) => identities.get(key) ?? identities.set(key, identity(key)).get(key)!,
    oneShot: (t) => oneShots.get(t) ?? oneShots.set(t, isOneShot(model, t)).get(t)!,
  };
}

/** Every name a service mentions that could be a host (URL hosts, host:port, `*_HOST` values, links, depends_on); remembered per service. */
const mentionedNames = perService((svc: ServiceView): Set<string> => {
  const m = hostMentions(svc);
  const names = new Set<string>();
  for (const v of m.values) {
    if (v.bare) names.add(v.bare.value);
    for (const h of v.hits) names.add(h.host);
  }
  for (const l of m.links) names.add(l.name);
  for (const d of m.deps?.entries ?? []) names.add(d.name);
  return names;
});

function consumerReaches(model: ComposeModel, consumer: ServiceView, { table, idOf, oneShot }: DeriveContext): ConsumerReaches | undefined {
  if (!consumer.node) return undefined;
  const cm = membershipOf(model, consumer);
  if (cm.kind !== 'networks') return undefined; // host, none, bridge, container:…: service names do not resolve there
  const extra = extraHosts(consumer);
  const byTarget = new Map<string, { uses: HostUse[]; nets: Set<string> }>();
  for (const use of hostUses(model, consumer, (h) => table.has(h) && !extra.has(h), oneShot)) {
    const name = onlyService(table.get(use.host)!);
    if (name === undefined) continue; // one name, several services: ambiguous, no claim
    if (name === consumer.name) continue;
    const target = model.service(name);
    if (!target?.node) continue;
    const tm = membershipOf(model, target);
    if (tm.kind !== 'networks') continue;
    const entries = table.get(use.host)!;
    const nets = entries.some((e) => e.only === undefined) ? [...tm.nets.keys()] : entries.map((e) => e.only!);
    const slot = byTarget.get(name) ?? { uses: [], nets: new Set<string>() };
    slot.uses.push(use);
    for (const n of nets) slot.nets.add(n);
    byTarget.set(name, slot);
  }
  const consumerNets = [...cm.nets.keys()];
  const ids = new Set(consumerNets.map(idOf));
  const targets: ConsumerReaches['targets'] = [];
  for (const [name, slot] of byTarget) {
    const targetNets = [...slot.nets];
    const tm = membershipOf(model, model.service(name)!) as Extract<Membership, { kind: 'networks' }>;
    // Uses come host names first, then links, then depends_on: the order hostUses gives them in.
    targets.push({ name, uses: slot.uses, targetNets, targetAll: [...tm.nets.keys()], shared: targetNets.some((n) => ids.has(idOf(n))) });
  }
  return { consumerNets, targets };
}

/** The one service a host name stands for; undefined when several services share it. */
function onlyService(targets: HostTarget[]): string | undefined {
  const first = targets[0]?.service;
  return targets.every((t) => t.service === first) ? first : undefined;
}

/** Names `extra_hosts` maps (they do not resolve to services); remembered per service. */
const extraHosts = perService((svc: ServiceView): Set<string> => {
  const js = svc.get(['extra_hosts'])?.js;
  const names = new Set<string>();
  if (Array.isArray(js)) for (const e of js) names.add(String(e).split(/[:=]/)[0].trim());
  else if (js && typeof js === 'object') for (const k of Object.keys(js)) names.add(k);
  return names;
});

// ---------------------------------------------------------------------------------------------
// Edits that attach a service to a network

/**
 * Edit that adds `net` to a service's networks, keeping it on every network it is on now (`default`
 * too, when it had no `networks:`); undefined when not editable here. `first`: for a fix of another
 * service, the new key or item goes first, so it never lands where that service's own fixes append
 * (the result is then the same whichever fix is applied first).
 */
export function attachEdit(model: ComposeModel, svc: ServiceView, net: string, file: SourceFile, first = false): TextEdit | undefined {
  if (!svc.node || svc.file !== file) return undefined;
  const m = membershipOf(model, svc);
  if (m.kind !== 'networks' || m.through) return undefined;
  if (!m.ref) return first ? networksFirst(svc, ['default', net]) : setPath(svc.file, svc.node, ['networks'], ['default', net]);
  const ref = m.ref;
  if (ref.via || ref.file !== file) return undefined;
  if (isSeq(ref.node)) return ref.node.items.every((i) => isScalar(i)) ? (first ? prependItem : appendItem)(ref.file, ref.node, net) : undefined;
  if (isMap(ref.node) && ref.node.items.length > 0) return first ? firstKey(ref.file, ref.node, `${plainName(net)}: {}`) : insertKey(ref.file, ref.node, net, {});
  return undefined;
}

/** `networks: [a, b]` as the first key of a service that has no `networks:` (see attachEdit's `first`). */
export function networksFirst(svc: ServiceView, nets: string[]): TextEdit | undefined {
  if (!svc.node || svc.get(['networks'])) return undefined;
  return firstKey(svc.file, svc.node, `networks: [${nets.map(plainName).join(', ')}]`);
}

function plainName(name: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) ? name : JSON.stringify(name);
}

/** Inserts a one-line `key: value` before the first key of a mapping (block: on its own line, same indentation). */
function firstKey(file: SourceFile, map: YAMLMap, line: string): TextEdit | undefined {
  const key = map.items[0]?.key as Node | undefined;
  const at = key?.range?.[0];
  if (at === undefined) return undefined;
  if (map.flow) return { file: file.path, range: { start: at, end: at }, newText: `${line}, ` };
  const lineStart = file.lines.lineStart(file.lines.lineOf(at));
  const pad = file.text.slice(lineStart, at);
  if (!/^ *$/.test(pad)) return undefined; // `- key: …` and the like: not a line of its own
  return { file: file.path, range: { start: at, end: at }, newText: `${line}\n${pad}` };
}

// ---------------------------------------------------------------------------------------------
// The rule

function netList(nets: readonly string[]): string {
  return nets.length ? nets.join(', ') : 'no network';
}

function declaredAt(model: ComposeModel, svc: ServiceView): RelatedInfo {
  const m = membershipOf(model, svc);
  if (m.kind === 'networks' && m.through) return { file: m.through.ref.file.path, range: m.through.ref.file.rangeOf(m.through.ref.node), message: `"${svc.name}" uses the network stack of "${m.through.service}": ${netList([...m.nets.keys()])}` };
  if (m.kind === 'networks' && m.ref && !m.ref.via && m.ref.keyNode?.range) return { file: m.ref.file.path, range: m.ref.file.rangeOf(m.ref.keyNode), message: `"${svc.name}" joins ${netList([...m.nets.keys()])} here` };
  return { file: svc.file.path, range: svc.keyRange, message: m.kind === 'networks' && !m.ref ? `"${svc.name}" has no \`networks:\`, so it is on the default network only` : `"${svc.name}" is on ${m.kind === 'networks' ? netList([...m.nets.keys()]) : 'no compose network'}` };
}

export const serviceUnreachable: Rule<ComposeContext> = {
  id: 'service-unreachable',
  kind: 'compose',
  title: 'Services that call each other must share a network',
  rationale:
    'A service name resolves only on the networks its service is on. When a service names another one as a host — a URL (`http://ollama:11434`, `postgres://u:p@db:5432/app`) or `host:port` (port 80 or more) in its environment, command, entrypoint or healthcheck, a `DB_HOST: db`-style variable, or `links:` — and the two share no network, the name does not resolve and the call fails at run time. A service without `networks:` is on `default`; `network_mode: service:x` shares x\'s networks; a network alias is a host name on its own network only; networks with the same `name:` (or external name) are one network. `depends_on` without any host use is reported too (it usually means the services talk), except for one-shot jobs the service waits to complete. Services with `network_mode: host`, `none`, `bridge` or `container:…` are not checked (service names do not resolve there), nor names that `extra_hosts` maps or that several services share.',
  defaultSeverity: 'warning',
  fixDescription:
    'Attaches the calling service to the network of the called one (keeping its other networks, and `default` when it had no `networks:`), or, when the caller\'s networks cannot be changed here, the called service to the caller\'s. Applied by "Fix all" only when the called service is reachable on exactly one network and both services list their networks: a service without `networks:` is moved by the service-networks fix, together with the services it talks to.',
  *check(ctx) {
    const model = ctx.model;
    for (const r of reachPairs(model)) {
      if (r.shared) continue;
      const use = r.uses[0];
      const alias = r.targetNets.length < r.targetAll.length;
      const how = use.order ? `depends on "${r.target.name}"` : `reaches "${r.target.name}" at ${use.text} (${use.where})`;
      const aliasNote = alias ? ` ("${use.host}" is an alias of "${r.target.name}" on ${netList(r.targetNets)} only)` : '';
      const tail = use.order ? `: if it talks to "${r.target.name}", the name does not resolve.` : ': the name does not resolve.';
      const related: RelatedInfo[] = [declaredAt(model, r.consumer), declaredAt(model, r.target)];
      for (const other of r.uses.slice(1, 6)) related.push({ file: other.ref.file.path, range: other.range, message: `"${r.consumer.name}" also uses "${other.host}" here (${other.where})` });
      const inherited = use.ref.via;
      const draft: FindingDraft = {
        message: `"${r.consumer.name}" ${how}, but they share no network: "${r.consumer.name}" is on ${netList(r.consumerNets)}, "${r.target.name}" on ${netList(r.targetAll)}${aliasNote}${tail}`,
        service: r.consumer.name,
        file: inherited ? r.consumer.file.path : use.ref.file.path,
        range: inherited ? r.consumer.keyRange : use.range,
        related: [...(anchorRelated(use.ref) ?? []), ...related],
        data: { target: r.target.name, nets: r.targetNets, consumerNets: r.consumerNets, aliasOnly: alias },
      };
      yield draft;
    }
  },
  fix(ctx, finding) {
    const consumer = serviceOf(ctx, finding);
    const target = typeof finding.data?.target === 'string' ? ctx.model.service(finding.data.target) : undefined;
    const nets = Array.isArray(finding.data?.nets) ? (finding.data!.nets as string[]) : [];
    const consumerNets = Array.isArray(finding.data?.consumerNets) ? (finding.data!.consumerNets as string[]) : [];
    if (!consumer || !target?.node || nets.length === 0) return undefined;
    const declared = declaredNetworks(ctx.model);
    // A service without `networks:` is what service-networks moves (with the services it talks to):
    // Fix all leaves it to that fix, so the result does not depend on which one runs first.
    const explicit = (svc: ServiceView) => {
      const m = membershipOf(ctx.model, svc);
      return m.kind === 'networks' && !!m.ref;
    };
    // Preferred: the caller joins the called service's network (the called one gains no new neighbours).
    const net = nets.find((n) => declared.has(n));
    const edit = net ? attachEdit(ctx.model, consumer, net, ctx.file) : undefined;
    if (net && edit) return { title: `Attach "${consumer.name}" to network ${net}`, edits: [edit], safe: nets.length === 1 && explicit(consumer) && explicit(target) };
    // Else the called service joins the caller's network, when it is reached by its own name: offered, never applied by Fix all.
    const back = consumerNets.find((n) => declared.has(n));
    const backEdit = back && !finding.data?.aliasOnly ? attachEdit(ctx.model, target, back, ctx.file, true) : undefined;
    if (back && backEdit) return { title: `Attach "${target.name}" to network ${back}`, edits: [backEdit], safe: false };
    return undefined;
  },
};
