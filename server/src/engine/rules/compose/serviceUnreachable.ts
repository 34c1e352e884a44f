/**
 * service-unreachable: a service that names another service as a host must share a network with it.
 * Also the engine's reachability facts (which service reaches which, on which networks), shared with
 * the service-networks fix and the "Add GPU Ollama service" generator so they keep a stack connected.
 */
import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ComposeModel, ServiceView, ValueRef } from '../../compose/model';
import { anchorRelated, envEntries, isOneShot } from '../../compose/facts';
import type { SourceFile } from '../../compose/sourceFile';
import { appendItem, insertKey, prependItem, setPath } from '../../edits/yamlEdit';
import type { FindingDraft, RelatedInfo, Rule, TextEdit } from '../../rule';
import type { OffsetRange } from '../../text';
import { dependsOn } from '../shared/dependsOn';
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
  const mode = svc.get(['network_mode']);
  if (mode && mode.js != null) {
    const text = String(mode.js);
    const owner = text.startsWith('service:') ? model.service(text.slice(8)) : undefined;
    if (owner && !seen.has(svc.name)) {
      seen.add(svc.name);
      const m = membershipOf(model, owner, seen);
      return m.kind === 'networks' ? { ...m, through: { service: owner.name, ref: mode } } : m;
    }
    return { kind: 'other', mode: text, ref: mode };
  }
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
}

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

// The scheme starts a word (`${URL:-http://…}` counts: compose uses the default when the variable is unset).
const URL_RE = /(?<![A-Za-z0-9+.])(?<![A-Za-z0-9+.]-)[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^\s/@?#'"]*@)?([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::(\d{1,5}))?(?=[\s/?#'",;)\]}:]|$)/g;
const HOST_PORT_RE = /(?<![A-Za-z0-9_.\-/:$%{\\])([A-Za-z0-9_][A-Za-z0-9_.-]*):(\d{1,5})(?![A-Za-z0-9_.\-:])/g;
/** Environment variables that hold a bare host name (`DB_HOST: db`). */
const HOST_KEY_RE = /(^|_)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;
/** Image references look like host:port (`redis:7`): values of these variables are not scanned for host:port. */
const IMAGE_KEY_RE = /(IMAGE|TAG|VERSION)/i;

/** Host names in a string: URL authorities and `host:port` with a numeric port of 80 or more. */
export function hostsInText(text: string, hostPort = true): { host: string; index: number; match: string; matchIndex: number; shown: string }[] {
  const out: { host: string; index: number; match: string; matchIndex: number; shown: string }[] = [];
  const taken = new Set<number>();
  for (const m of text.matchAll(URL_RE)) {
    const index = m.index! + m[0].length - m[1].length - (m[2] !== undefined ? m[2].length + 1 : 0);
    taken.add(index);
    // Shown without the user and password part: messages never carry credentials.
    const shown = `${m[0].slice(0, m[0].indexOf('://') + 3)}${m[1]}${m[2] !== undefined ? `:${m[2]}` : ''}`;
    out.push({ host: m[1], index, match: m[0], matchIndex: m.index!, shown });
  }
  if (hostPort) {
    for (const m of text.matchAll(HOST_PORT_RE)) {
      const port = Number(m[2]);
      // Ports under 80 are mostly image tags (`postgres:16`); 0 and above 65535 are no ports.
      if (taken.has(m.index!) || port < 80 || port > 65535) continue;
      out.push({ host: m[1], index: m.index!, match: m[0], matchIndex: m.index!, shown: m[0] });
    }
  }
  return out.sort((a, b) => a.index - b.index);
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

function wholeRange(ref: ValueRef): OffsetRange | undefined {
  return ref.node?.range ? ref.file.rangeOf(ref.node) : undefined;
}

/**
 * Every place a service names one of `hosts`: URLs and host:port in environment (map and list),
 * command, entrypoint and healthcheck test, `DB_HOST: db`-style variables, links, and depends_on
 * (ordering only; not for one-shot jobs the service waits to complete).
 */
export function hostUses(model: ComposeModel, svc: ServiceView, isHost: (name: string) => boolean): HostUse[] {
  const out: HostUse[] = [];
  const scan = (ref: ValueRef, text: string, where: string, hostPort: boolean) => {
    const from = { at: 0 };
    for (const h of hostsInText(text, hostPort)) {
      if (!isHost(h.host)) continue;
      const range = rangeIn(ref.file, ref.node, h.match, h.index - h.matchIndex, h.host.length, from) ?? wholeRange(ref);
      if (range) out.push({ host: h.host, where, text: h.shown, ref, range });
    }
  };
  for (const e of envEntries(svc)) {
    if (e.value == null || !isScalar(e.node)) continue;
    const where = `environment ${e.name}`;
    const value = e.value.trim();
    if (HOST_KEY_RE.test(e.name) && isHost(value)) {
      const from = { at: e.form === 'list' ? e.name.length + 1 : 0 };
      const range = rangeIn(e.ref.file, e.node, value, 0, value.length, from) ?? wholeRange(e.ref);
      if (range) out.push({ host: value, where, text: value, ref: e.ref, range });
      continue;
    }
    scan(e.ref, e.value, where, !IMAGE_KEY_RE.test(e.name));
  }
  for (const [key, label] of [[['command'], 'command'], [['entrypoint'], 'entrypoint'], [['healthcheck', 'test'], 'healthcheck test']] as const) {
    const ref = svc.get(key);
    if (!ref) continue;
    if (typeof ref.js === 'string') scan(ref, ref.js, label, true);
    else if (Array.isArray(ref.js)) for (const item of svc.items(key)) if (typeof item.js === 'string') scan(item, item.js, label, true);
  }
  for (const item of svc.items(['links'])) {
    if (typeof item.js !== 'string') continue;
    const name = item.js.split(':')[0];
    const range = isHost(name) ? (rangeIn(item.file, item.node, name, 0, name.length, { at: 0 }) ?? wholeRange(item)) : undefined;
    if (range) out.push({ host: name, where: 'links', text: item.js, ref: item, range });
  }
  const deps = dependsOn(svc);
  for (const dep of deps?.entries ?? []) {
    if (!isHost(dep.name) || dep.condition === 'service_completed_successfully') continue;
    const target = model.service(dep.name);
    if (target && isOneShot(model, target)) continue;
    const ref = { ...deps!.ref, node: dep.node, js: dep.name };
    const range = wholeRange(ref);
    if (range) out.push({ host: dep.name, where: 'depends_on', text: dep.name, ref, range, order: true });
  }
  return out;
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
  const add = (host: string, t: HostTarget) => {
    const list = table.get(host) ?? [];
    if (!list.some((x) => x.service === t.service && x.only === t.only)) list.push(t);
    table.set(host, list);
  };
  for (const svc of model.services) {
    add(svc.name, { service: svc.name });
    const cn = svc.get(['container_name'])?.js;
    if (typeof cn === 'string' && cn && !cn.includes('$')) add(cn, { service: svc.name });
    const m = membershipOf(model, svc);
    if (m.kind === 'networks' && !m.through) for (const [net, aliases] of m.nets) for (const a of aliases) add(a, { service: svc.name, only: net });
  }
  return table;
}

/** Every consumer → target pair of the model (each once, with all its uses), whether they share a network or not. */
export function reachPairs(model: ComposeModel): Reach[] {
  const hit = reaches.get(model);
  if (hit) return hit;
  const table = hostTable(model);
  const idOf = networkIdentity(model);
  const out: Reach[] = [];
  for (const consumer of model.services) {
    if (!consumer.node) continue;
    const cm = membershipOf(model, consumer);
    if (cm.kind !== 'networks') continue; // host, none, bridge, container:…: service names do not resolve there
    const extra = extraHosts(consumer);
    const byTarget = new Map<string, { uses: HostUse[]; nets: Set<string> }>();
    for (const use of hostUses(model, consumer, (h) => table.has(h) && !extra.has(h))) {
      const targets = new Set(table.get(use.host)!.map((t) => t.service));
      if (targets.size !== 1) continue; // one name, several services: ambiguous, no claim
      const name = [...targets][0];
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
    for (const [name, slot] of byTarget) {
      const targetNets = [...slot.nets];
      const rank = (u: HostUse) => (u.order ? 2 : u.where === 'links' ? 1 : 0);
      const uses = slot.uses.map((u, i) => [u, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([u]) => u);
      const target = model.service(name)!;
      const tm = membershipOf(model, target) as Extract<Membership, { kind: 'networks' }>;
      out.push({ consumer, target, uses, targetNets, consumerNets, targetAll: [...tm.nets.keys()], shared: targetNets.some((n) => ids.has(idOf(n))) });
    }
  }
  reaches.set(model, out);
  return out;
}

function extraHosts(svc: ServiceView): Set<string> {
  const js = svc.get(['extra_hosts'])?.js;
  const names = new Set<string>();
  if (Array.isArray(js)) for (const e of js) names.add(String(e).split(/[:=]/)[0].trim());
  else if (js && typeof js === 'object') for (const k of Object.keys(js)) names.add(k);
  return names;
}

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
