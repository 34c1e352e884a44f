/**
 * Adding a generated service (and its top-level volume and network) to compose text, shared by the
 * Ollama and vLLM/TGI generators. Every edit is a textual insertion computed from the yaml package's
 * node ranges, so all other lines stay byte-identical. When a service of the same kind exists
 * already, the result instead adds what it lacks of the same baseline (existing values win).
 */
import { Document, isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { SourceFile } from '../engine/compose/sourceFile';
import { effectiveEntries } from '../engine/compose/mapping';
import { SingleFileModel } from '../engine/compose/model';
import { envEntries } from '../engine/compose/facts';
import { declaredNetworks, hostUses, membershipOf } from '../engine/rules/compose/serviceUnreachable';
import { appendItem, insertKeys } from '../engine/edits/yamlEdit';
import { joinPointInserts } from '../engine/edits/editModel';
import type { TextEdit } from '../engine/rule';
import { applyEdits } from '../engine/apply';
import type { ImageOverrides } from './pins';

export type ScaffoldEdit = Pick<TextEdit, 'range' | 'newText'>;

/** What a service generator returns: the whole new text and the minimal edits that produce it. */
export type ServiceResult =
  | { ok: true; mode: 'created' | 'inserted' | 'baseline'; text: string; edits: ScaffoldEdit[]; changes: string[]; notes: string[] }
  | { ok: false; message: string };

export interface ExistingService {
  name: string;
  map: YAMLMap;
  /** The named volume it already keeps its data in, reused instead of adding a second one. */
  volume?: string;
}

/** Options every generated model server takes (Ollama, vLLM, TGI). */
export interface ModelServiceOptions {
  /** Network the apps join to reach the server. */
  network?: string;
  /** Join an existing network (a shared model server) instead of creating one with the project. */
  externalNetwork?: boolean;
  /** Publish the API on 127.0.0.1 of the host (never on all interfaces). */
  publishOnLoopback?: boolean;
  memoryLimit?: string;
  cpus?: string;
  baseImages?: ImageOverrides;
  serviceName?: string;
  volumeName?: string;
  /** Services that call the server, named by the user: it joins their networks too. */
  consumers?: string[];
}

export interface ServiceSpec {
  /** What it is, for messages ("Ollama", "vLLM"). */
  label: string;
  name: string;
  volume: string;
  network: string;
  /** Join an existing network (a shared model server) instead of creating one with the project. */
  externalNetwork: boolean;
  /** The service as plain data, on `networks` (its own network first). */
  baseline(volume: string, networks: string[]): Record<string, unknown>;
  /** An existing service of the same kind, brought up to the baseline instead of getting a twin. */
  findExisting(file: SourceFile, services: YAMLMap): ExistingService | undefined;
  /** Environment variable names that mark a service as a caller even when the value points elsewhere. */
  callerEnv?: RegExp;
  /** Services the user named as callers (they need not name the host yet). */
  consumers?: readonly string[];
  /** First line of a created file (a comment). */
  header(name: string): string;
}

export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function invalidNetwork(network: string): string | undefined {
  return NETWORK_NAME.test(network) ? undefined : `"${network}" is not a valid network name (letters, digits, _ . -).`;
}

/** A double-quoted scalar (values such as "8" or "127.0.0.1:8000:8000" that YAML would otherwise retype or that rules want quoted). */
export function quoted(s: string): Scalar {
  const node = new Scalar(s);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

export function addService(existing: string | undefined, spec: ServiceSpec): ServiceResult {
  const s = { ...spec };
  const notes = s.externalNetwork ? [`The network "${s.network}" is external: create it once with \`docker network create ${s.network}\`.`] : [];
  if (!existing || !existing.trim()) {
    if (s.consumers?.length) return { ok: false, message: `No compose file yet, so no service ${s.consumers.map((c) => `"${c}"`).join(', ')} to connect.` };
    return { ok: true, mode: 'created', text: createFile(s, []), edits: [], changes: [`service ${s.name}`, `volume ${s.volume}`, `network ${s.network}`], notes };
  }

  const file = new SourceFile('compose.yaml', existing);
  const errors = file.problems.filter((p) => p.code === 'yaml-syntax' || p.code === 'yaml-duplicate-key' || p.code === 'file-too-large');
  if (errors.length) return { ok: false, message: `The compose file has YAML errors; fix them first (${errors[0].message}).` };
  const root = file.root;
  if (file.doc?.contents && !root) return { ok: false, message: 'The compose file is not a mapping with a `services:` key.' };

  const edits: TextEdit[] = [];
  const changes: string[] = [];
  let mode: 'inserted' | 'baseline' = 'inserted';
  if (!root) {
    if (s.consumers?.length) return { ok: false, message: `The compose file has no services yet, so no ${s.consumers.map((c) => `"${c}"`).join(', ')} to connect.` };
    // Only comments so far: append a whole document.
    const sep = existing.endsWith('\n') ? '' : '\n';
    const text = existing + sep + createFile(s, []).replace(/^#.*\n/, '');
    return { ok: true, mode: 'created', text, edits: [{ range: { start: 0, end: existing.length }, newText: text }], changes: [`service ${s.name}`], notes };
  }
  const rootEntries = effectiveEntries(file, root);
  const servicesEntry = rootEntries.get('services');
  const services = servicesEntry?.value;
  const current = isMap(services) ? s.findExisting(file, services) : undefined;
  const rootAdds: Record<string, unknown> = {};
  const callers = callersOf(file, current?.name ?? s.name, s);
  if (!callers.ok) return callers;
  const alsoOn = callers.networks.filter((n) => n !== s.network);
  if (alsoOn.length) notes.push(`"${current?.name ?? s.name}" also joins ${alsoOn.join(', ')}: the network${alsoOn.length > 1 ? 's' : ''} of ${callers.services.map((c) => `"${c}"`).join(', ')}, which call${callers.services.length > 1 ? '' : 's'} it.`);
  const networks = [s.network, ...alsoOn];
  // Before the service's own insertion: at a shared offset (the last caller's end is the end of
  // `services:`) the caller's new lines must come first, still inside the caller.
  if (isMap(services)) for (const c of callers.services) waitForHealthy(file, services, c, current?.name ?? s.name, edits, changes, notes);

  if (current) {
    mode = 'baseline';
    s.name = current.name;
    s.volume = current.volume ?? s.volume;
    mergeBaseline(file, current.map, s.baseline(s.volume, networks), edits, changes, [s.name]);
    const ports = file.toJS(effectiveEntries(file, current.map).get('ports')?.value);
    if (Array.isArray(ports) && ports.some((p) => !String(typeof p === 'object' && p ? (p as { host_ip?: string }).host_ip ?? '' : p).startsWith('127.0.0.1'))) {
      notes.push(`Service "${s.name}" publishes ports on all interfaces; the ${s.label} API has no authentication — bind them to 127.0.0.1 (quick fix of port-host-ip-required) or remove them.`);
    }
  } else if (isMap(services)) {
    if (services.items.length === 0 && !services.flow) return { ok: false, message: 'Unexpected empty services mapping.' };
    edits.push(insertKeys(file, services, { [s.name]: s.baseline(s.volume, networks) }));
    changes.push(`service ${s.name}`);
  } else if (servicesEntry && isEmpty(services) && !servicesEntry.via) {
    // `services:` with nothing under it yet.
    edits.push(insertUnderEmptyKey(file, root, servicesEntry.pair, { [s.name]: s.baseline(s.volume, networks) }));
    changes.push(`service ${s.name}`);
  } else if (!servicesEntry) {
    rootAdds.services = { [s.name]: s.baseline(s.volume, networks) };
    changes.push(`service ${s.name}`);
  } else {
    return { ok: false, message: '`services:` is not a mapping; fix the compose file first.' };
  }

  addTopLevel(file, root, 'volumes', s.volume, {}, rootAdds, edits, changes);
  addTopLevel(file, root, 'networks', s.network, topLevelNetwork(s), rootAdds, edits, changes);
  if (Object.keys(rootAdds).length) edits.push(insertKeys(file, root, rootAdds));
  // Inserted lines follow the file's line endings, so a CRLF file stays CRLF throughout.
  if (existing.includes('\r\n')) for (const e of edits) e.newText = e.newText.replace(/\r?\n/g, '\r\n');
  const merged = mergeSamePoint(edits);
  return { ok: true, mode, text: applyEdits(existing, merged), edits: merged, changes, notes };
}

/**
 * A caller waits for the server to be healthy (`depends_on: {name: {condition: service_healthy}}`),
 * so it does not start calling a model that is still loading (rule model-server-depends-on). Its own
 * entry, when it has one, wins; the short list form and inherited settings are left to the user (a note).
 */
function waitForHealthy(file: SourceFile, services: YAMLMap, caller: string, name: string, edits: TextEdit[], changes: string[], notes: string[]): void {
  const map = effectiveEntries(file, services).get(caller)?.value;
  if (!isMap(map)) return;
  const entry = effectiveEntries(file, map).get('depends_on');
  const wanted = { [name]: { condition: 'service_healthy' } };
  if (!entry) {
    edits.push(insertKeys(file, map, { depends_on: wanted }));
  } else if (!entry.via && isMap(entry.value) && (entry.value.flow || entry.value.items.length > 0)) {
    if (effectiveEntries(file, entry.value).has(name)) return;
    edits.push(insertKeys(file, entry.value, wanted));
  } else {
    notes.push(`"${caller}" should wait for "${name}": give its depends_on an entry \`${name}: {condition: service_healthy}\`.`);
    return;
  }
  changes.push(`${caller}.depends_on.${name} (service_healthy)`);
}

function topLevelNetwork(s: ServiceSpec): Record<string, unknown> {
  return s.externalNetwork ? { external: true, name: s.network } : { driver: 'bridge' };
}

/**
 * Services that call the new one (a URL or host:port naming it, `links`/`depends_on`, a variable
 * matching `callerEnv`, or named by the user) and the networks they are on (`default` for those
 * without `networks:`), so the new service can join them: a new network alone would cut them off.
 */
function callersOf(file: SourceFile, name: string, s: ServiceSpec): { ok: true; services: string[]; networks: string[] } | { ok: false; message: string } {
  const model = new SingleFileModel(file);
  const declared = declaredNetworks(model);
  const unknown = (s.consumers ?? []).filter((c) => !model.service(c));
  if (unknown.length) return { ok: false, message: `No service ${unknown.map((c) => `"${c}"`).join(', ')} in the compose file (services: ${model.services.map((v) => v.name).join(', ') || 'none'}).` };
  const services: string[] = [];
  const networks: string[] = [];
  for (const svc of model.services) {
    if (!svc.node || svc.name === name) continue;
    const calls = s.consumers?.includes(svc.name) || hostUses(model, svc, (h) => h === name).length > 0 || (!!s.callerEnv && envEntries(svc).some((e) => s.callerEnv!.test(e.name)));
    const m = membershipOf(model, svc);
    if (!calls || m.kind !== 'networks') continue;
    services.push(svc.name);
    for (const n of m.nets.keys()) if (declared.has(n) && !networks.includes(n)) networks.push(n);
  }
  return { ok: true, services, networks };
}

function createFile(s: ServiceSpec, alsoOn: string[]): string {
  const doc = new Document({ services: { [s.name]: s.baseline(s.volume, [s.network, ...alsoOn]) }, volumes: { [s.volume]: {} }, networks: { [s.network]: topLevelNetwork(s) } });
  doc.commentBefore = ' ' + s.header(s.name);
  flowScalarSeqs(doc);
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: false });
}

function flowScalarSeqs(doc: Document): void {
  const visit = (node: unknown) => {
    if (isSeq(node)) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
      node.items.forEach(visit);
    } else if (isMap(node)) node.items.forEach((p) => visit(p.value));
  };
  visit(doc.contents);
}

/** The first service whose name or image matches; its named volume mounted at one of `dataDirs`, if any. */
export function findServiceByImage(file: SourceFile, services: YAMLMap, name: string, image: RegExp, dataDirs: readonly string[]): ExistingService | undefined {
  const dirs = dataDirs.map((d) => d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const mount = new RegExp(`^[A-Za-z0-9][\\w.-]*:(${dirs})(:|$)`);
  for (const [key, entry] of effectiveEntries(file, services)) {
    if (!isMap(entry.value)) continue;
    const img = effectiveEntries(file, entry.value).get('image')?.value;
    if (key === name || (isScalar(img) && image.test(String(img.value)))) {
      const vols = file.toJS(effectiveEntries(file, entry.value).get('volumes')?.value);
      const named = Array.isArray(vols) ? vols.map(String).find((v) => mount.test(v)) : undefined;
      return { name: key, map: entry.value, volume: named?.split(':')[0] };
    }
  }
  return undefined;
}

/** Adds what the baseline has and the map lacks; existing values always win. */
function mergeBaseline(file: SourceFile, map: YAMLMap, baseline: Record<string, unknown>, edits: TextEdit[], changes: string[], path: string[]): void {
  const entries = effectiveEntries(file, map);
  const missing: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(baseline)) {
    const entry = entries.get(key);
    if (!entry) {
      missing[key] = value;
      changes.push([...path, key].join('.'));
      continue;
    }
    if (entry.via) continue; // inherited from an anchor: changing it would change other services too
    const node = entry.value;
    if (isMap(node) && isPlainObject(value)) mergeBaseline(file, node, value, edits, changes, [...path, key]);
    else if (isSeq(node) && key === 'environment' && isPlainObject(value)) appendEnvItems(file, node, value, edits, changes, path);
    else if (isSeq(node) && (key === 'volumes' || key === 'networks' || key === 'tmpfs') && Array.isArray(value)) appendMissingItems(file, node, value, edits, changes, [...path, key]);
    else if (isMap(node) && key === 'networks' && Array.isArray(value)) {
      const add = value.map(String).filter((n) => !effectiveEntries(file, node).has(n));
      if (add.length) {
        edits.push(insertKeys(file, node, Object.fromEntries(add.map((n) => [n, null]))));
        changes.push(...add.map((n) => `${[...path, key].join('.')}: ${n}`));
      }
    }
  }
  if (Object.keys(missing).length && map.items.length > 0) edits.push(insertKeys(file, map, missing));
}

function appendEnvItems(file: SourceFile, seq: YAMLSeq, wanted: Record<string, unknown>, edits: TextEdit[], changes: string[], path: string[]): void {
  const have = new Set(seq.items.map((i) => String(isScalar(i) ? i.value : '').split('=')[0]));
  for (const [k, v] of Object.entries(wanted)) {
    if (have.has(k)) continue;
    edits.push(appendItem(file, seq, `${k}=${String(isScalar(v) ? v.value : v)}`));
    changes.push(`${[...path, 'environment'].join('.')}: ${k}`);
  }
}

function appendMissingItems(file: SourceFile, seq: YAMLSeq, wanted: unknown[], edits: TextEdit[], changes: string[], path: string[]): void {
  const have = seq.items.map((i) => (isScalar(i) ? String(i.value) : JSON.stringify(file.toJS(i))));
  for (const w of wanted.map(String)) {
    const target = w.includes(':') ? w.split(':').slice(1).join(':') : w;
    if (have.some((h) => h === w || (target !== w && h.includes(`:${target}`)))) continue;
    edits.push(appendItem(file, seq, w));
    changes.push(`${path.join('.')}: ${w}`);
  }
}

/** `key:` with nothing after it (yaml gives a null scalar, or no node at all). */
function isEmpty(node: unknown): boolean {
  return node == null || (isScalar(node) && node.value == null);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Scalar);
}

function addTopLevel(file: SourceFile, root: YAMLMap, section: string, name: string, value: unknown, rootAdds: Record<string, unknown>, edits: TextEdit[], changes: string[]): void {
  const entry = effectiveEntries(file, root).get(section);
  if (!entry) {
    rootAdds[section] = { [name]: value };
    changes.push(`${section}.${name}`);
    return;
  }
  if (entry.via) return;
  if (isMap(entry.value)) {
    if (effectiveEntries(file, entry.value).has(name)) return;
    edits.push(entry.value.items.length === 0 && !entry.value.flow ? insertUnderEmptyKey(file, root, entry.pair, { [name]: value }) : insertKeys(file, entry.value, { [name]: value }));
    changes.push(`${section}.${name}`);
  } else if (isEmpty(entry.value)) {
    edits.push(insertUnderEmptyKey(file, root, entry.pair, { [name]: value }));
    changes.push(`${section}.${name}`);
  }
}

/** `key:` with no value (or only a comment): add the children on the lines below it. */
function insertUnderEmptyKey(file: SourceFile, parent: YAMLMap, pair: Pair, children: Record<string, unknown>): TextEdit {
  const keyStart = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
  const line = file.lines.lineOf(keyStart);
  // Render the children as a map one level deeper, using the file's own indentation.
  const probe = insertKeys(file, parent, { __probe__: children });
  const body = probe.newText.replace(/^\n/, '').split('\n').slice(1);
  const at = file.lines.lineEnd(line);
  return { file: file.path, range: { start: at, end: at }, newText: '\n' + body.join('\n') };
}

/** Inserts at one offset become one edit (in the order produced), so any editor applies them the same way. */
function mergeSamePoint(edits: TextEdit[]): ScaffoldEdit[] {
  return joinPointInserts(edits).map((e) => ({ range: { ...e.range }, newText: e.newText })).sort((a, b) => a.range.start - b.range.start);
}

/**
 * The hardening every generated model server carries, so its output checks clean: rotated logs, no
 * capabilities, no privilege gain, a read-only root with a scratch /tmp, a process limit. The
 * official images run as root (caches under /root), so non-root-user is ignored on the service and
 * these keys contain it instead.
 */
export function containedRootService(pidsLimit: number): Record<string, unknown> {
  return {
    logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': quoted('3') } },
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    read_only: true,
    tmpfs: ['/tmp'],
    pids_limit: pidsLimit,
    'x-ai-stack': { ignore: ['non-root-user'] },
  };
}
