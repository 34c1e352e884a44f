/**
 * "Add GPU Ollama service": inserts a hardened `ollama` service (and its top-level volume and
 * network) into compose text, or creates compose.yaml. Every edit is a textual insertion computed
 * from the yaml package's node ranges, so all other lines stay byte-identical. When an Ollama
 * service exists already, the result instead adds what it lacks of the same baseline.
 */
import { Document, isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { SourceFile } from '../../../../server/src/engine/compose/sourceFile';
import { effectiveEntries } from '../../../../server/src/engine/compose/mapping';
import { SingleFileModel } from '../../../../server/src/engine/compose/model';
import { envEntries } from '../../../../server/src/engine/compose/facts';
import { declaredNetworks, hostUses, membershipOf } from '../../../../server/src/engine/rules/compose/serviceUnreachable';
import { appendItem, insertKeys } from '../../../../server/src/engine/edits/yamlEdit';
import type { TextEdit } from '../../../../server/src/engine/rule';
import { applyEdits } from '../../../../server/src/engine/apply';
import { ImageOverrides, ollamaImage } from './pins';

export interface OllamaOptions {
  /** GPUs to reserve: a number or 'all'. */
  gpuCount?: number | 'all';
  /** Network the apps join to reach ollama:11434. */
  network?: string;
  /** Join an existing network (a shared model server) instead of creating one with the project. */
  externalNetwork?: boolean;
  /** Publish the API on 127.0.0.1:11434 of the host (never on all interfaces). */
  publishOnLoopback?: boolean;
  memoryLimit?: string;
  cpus?: string;
  baseImages?: ImageOverrides;
  serviceName?: string;
  volumeName?: string;
}

export type OllamaResult =
  | { ok: true; mode: 'created' | 'inserted' | 'baseline'; text: string; edits: Pick<TextEdit, 'range' | 'newText'>[]; changes: string[]; notes: string[] }
  | { ok: false; message: string };

export const DEFAULT_NETWORK = 'ailab-network';
const OLLAMA_IMAGE_RE = /(^|\/)ollama\/ollama(:|@|$)/;

interface Resolved {
  name: string;
  volume: string;
  network: string;
  external: boolean;
  options: OllamaOptions;
  /** Networks of the services that call Ollama, which it joins too (so they keep reaching it). */
  alsoOn: string[];
}

/** The service as plain data (used for new services and as the baseline for existing ones). */
export function ollamaServiceBaseline(o: OllamaOptions = {}, network = o.network || DEFAULT_NETWORK, volume = o.volumeName || 'ollama-models', alsoOn: readonly string[] = []): Record<string, unknown> {
  const count = o.gpuCount ?? 'all';
  const service: Record<string, unknown> = {
    image: ollamaImage(o.baseImages),
    restart: 'unless-stopped',
    environment: {
      // One model in VRAM at a time and a bounded queue: predictable memory on a shared GPU.
      OLLAMA_MAX_LOADED_MODELS: '1',
      OLLAMA_NUM_PARALLEL: '2',
      OLLAMA_KEEP_ALIVE: '5m',
    },
    volumes: [`${volume}:/root/.ollama`],
    networks: [network, ...alsoOn.filter((n) => n !== network)],
  };
  if (o.publishOnLoopback) service.ports = [quoted('127.0.0.1:11434:11434')];
  Object.assign(service, {
    healthcheck: { test: ['CMD', 'ollama', 'list'], interval: '30s', timeout: '10s', retries: 5, start_period: '60s' },
    deploy: {
      resources: {
        limits: { cpus: quoted(o.cpus ?? '8'), memory: o.memoryLimit ?? '16g' },
        reservations: { devices: [{ driver: 'nvidia', count: count === 'all' ? 'all' : Math.max(1, Math.floor(count)), capabilities: ['gpu'] }] },
      },
    },
    logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': quoted('3') } },
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    read_only: true,
    tmpfs: ['/tmp'],
    pids_limit: 1024,
    // The official image runs as root and keeps models in /root/.ollama; cap_drop, no-new-privileges,
    // a read-only root and no public port contain it instead.
    'x-ai-stack': { ignore: ['non-root-user'] },
  });
  return service;
}

function quoted(s: string): Scalar {
  const node = new Scalar(s);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function topLevelNetwork(r: Resolved): Record<string, unknown> {
  return r.external ? { external: true, name: r.network } : { driver: 'bridge' };
}

export function addOllamaService(existing: string | undefined, options: OllamaOptions = {}): OllamaResult {
  const network = (options.network ?? DEFAULT_NETWORK).trim() || DEFAULT_NETWORK;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(network)) return { ok: false, message: `"${network}" is not a valid network name (letters, digits, _ . -).` };
  if (options.gpuCount !== undefined && options.gpuCount !== 'all' && !(Number.isInteger(options.gpuCount) && options.gpuCount > 0)) {
    return { ok: false, message: 'The GPU count must be a positive whole number or "all".' };
  }
  const r: Resolved = { name: options.serviceName ?? 'ollama', volume: options.volumeName ?? 'ollama-models', network, external: !!options.externalNetwork, options, alsoOn: [] };
  const notes = r.external ? [`The network "${network}" is external: create it once with \`docker network create ${network}\`.`] : [];
  if (!existing || !existing.trim()) return { ok: true, mode: 'created', text: createFile(r), edits: [], changes: [`service ${r.name}`, `volume ${r.volume}`, `network ${network}`], notes };

  const file = new SourceFile('compose.yaml', existing);
  const errors = file.problems.filter((p) => p.code === 'yaml-syntax' || p.code === 'yaml-duplicate-key' || p.code === 'file-too-large');
  if (errors.length) return { ok: false, message: `The compose file has YAML errors; fix them first (${errors[0].message}).` };
  const root = file.root;
  if (file.doc?.contents && !root) return { ok: false, message: 'The compose file is not a mapping with a `services:` key.' };

  const edits: TextEdit[] = [];
  const changes: string[] = [];
  let mode: 'inserted' | 'baseline' = 'inserted';
  if (!root) {
    // Only comments so far: append a whole document.
    const sep = existing.endsWith('\n') ? '' : '\n';
    const text = existing + sep + renderTop(file, r);
    return { ok: true, mode: 'created', text, edits: [{ range: { start: 0, end: existing.length }, newText: text }], changes: [`service ${r.name}`], notes };
  }
  const rootEntries = effectiveEntries(file, root);
  const servicesEntry = rootEntries.get('services');
  const services = servicesEntry?.value;
  const current = isMap(services) ? findOllama(file, services) : undefined;
  const rootAdds: Record<string, unknown> = {};
  const callers = ollamaCallers(file, current?.name ?? r.name);
  r.alsoOn = callers.networks.filter((n) => n !== network);
  if (r.alsoOn.length) notes.push(`"${current?.name ?? r.name}" also joins ${r.alsoOn.join(', ')}: the network${r.alsoOn.length > 1 ? 's' : ''} of ${callers.services.map((s) => `"${s}"`).join(', ')}, which call${callers.services.length > 1 ? '' : 's'} it.`);

  if (current) {
    mode = 'baseline';
    r.name = current.name;
    const volumeOf = current.volume ?? r.volume;
    r.volume = volumeOf;
    mergeBaseline(file, current.map, ollamaServiceBaseline(options, network, r.volume, r.alsoOn), edits, changes, [r.name]);
    const ports = file.toJS(effectiveEntries(file, current.map).get('ports')?.value);
    if (Array.isArray(ports) && ports.some((p) => !String(typeof p === 'object' && p ? (p as { host_ip?: string }).host_ip ?? '' : p).startsWith('127.0.0.1'))) {
      notes.push(`Service "${r.name}" publishes ports on all interfaces; the Ollama API has no authentication — bind them to 127.0.0.1 (quick fix of port-host-ip-required) or remove them.`);
    }
  } else if (isMap(services)) {
    if (services.items.length === 0 && !services.flow) return { ok: false, message: 'Unexpected empty services mapping.' };
    edits.push(insertKeys(file, services, { [r.name]: serviceNode(r) }));
    changes.push(`service ${r.name}`);
  } else if (servicesEntry && isEmpty(services) && !servicesEntry.via) {
    // `services:` with nothing under it yet.
    edits.push(insertUnderEmptyKey(file, root, servicesEntry.pair, { [r.name]: serviceNode(r) }));
    changes.push(`service ${r.name}`);
  } else if (!servicesEntry) {
    rootAdds.services = { [r.name]: serviceNode(r) };
    changes.push(`service ${r.name}`);
  } else {
    return { ok: false, message: '`services:` is not a mapping; fix the compose file first.' };
  }

  addTopLevel(file, root, 'volumes', r.volume, {}, rootAdds, edits, changes);
  addTopLevel(file, root, 'networks', r.network, topLevelNetwork(r), rootAdds, edits, changes);
  if (Object.keys(rootAdds).length) edits.push(insertKeys(file, root, rootAdds));
  // Inserted lines follow the file's line endings, so a CRLF file stays CRLF throughout.
  if (existing.includes('\r\n')) for (const e of edits) e.newText = e.newText.replace(/\r?\n/g, '\r\n');
  const merged = mergeSamePoint(edits);
  return { ok: true, mode, text: applyEdits(existing, merged), edits: merged, changes, notes };
}

function serviceNode(r: Resolved): unknown {
  return ollamaServiceBaseline(r.options, r.network, r.volume, r.alsoOn);
}

/** Variables that tell an app where Ollama is (their value may still point elsewhere: the app is a caller all the same). */
const OLLAMA_ENV = /^OLLAMA_(HOST|BASE_URL|URL|API_BASE|API_BASE_URL|ENDPOINT)$/;

/**
 * Services that call Ollama (a URL or host:port naming it, `links`/`depends_on`, or an OLLAMA_HOST /
 * OLLAMA_BASE_URL variable) and the networks they are on (`default` for those without `networks:`),
 * so the Ollama service can join them: attaching it to a new network alone would cut them off.
 */
function ollamaCallers(file: SourceFile, name: string): { services: string[]; networks: string[] } {
  const model = new SingleFileModel(file);
  const declared = declaredNetworks(model);
  const services: string[] = [];
  const networks: string[] = [];
  for (const svc of model.services) {
    if (!svc.node || svc.name === name) continue;
    const calls = hostUses(model, svc, (h) => h === name).length > 0 || envEntries(svc).some((e) => OLLAMA_ENV.test(e.name));
    const m = membershipOf(model, svc);
    if (!calls || m.kind !== 'networks') continue;
    services.push(svc.name);
    for (const n of m.nets.keys()) if (declared.has(n) && !networks.includes(n)) networks.push(n);
  }
  return { services, networks };
}

function createFile(r: Resolved): string {
  const doc = new Document({ services: { [r.name]: serviceNode(r) }, volumes: { [r.volume]: {} }, networks: { [r.network]: topLevelNetwork(r) } });
  doc.commentBefore = ' Created by AI Stack: GPU Ollama service. Apps join the network below and reach http://' + r.name + ':11434.';
  flowScalarSeqs(doc);
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: false });
}

function renderTop(file: SourceFile, r: Resolved): string {
  return createFile(r).replace(/^#.*\n/, '');
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

/** An existing Ollama service: named like ours, or running the ollama/ollama image. */
function findOllama(file: SourceFile, services: YAMLMap): { name: string; map: YAMLMap; volume?: string } | undefined {
  for (const [name, entry] of effectiveEntries(file, services)) {
    if (!isMap(entry.value)) continue;
    const image = effectiveEntries(file, entry.value).get('image')?.value;
    if (name === 'ollama' || (isScalar(image) && OLLAMA_IMAGE_RE.test(String(image.value)))) {
      const vols = file.toJS(effectiveEntries(file, entry.value).get('volumes')?.value);
      const named = Array.isArray(vols) ? vols.map(String).find((v) => /^[A-Za-z0-9][\w.-]*:\/root\/\.ollama(:|$)/.test(v)) : undefined;
      return { name, map: entry.value, volume: named?.split(':')[0] };
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
    else if (isSeq(node) && (key === 'volumes' || key === 'networks') && Array.isArray(value)) appendMissingItems(file, node, value, edits, changes, [...path, key]);
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
function mergeSamePoint(edits: TextEdit[]): Pick<TextEdit, 'range' | 'newText'>[] {
  const out: Pick<TextEdit, 'range' | 'newText'>[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.range.start === e.range.start && o.range.end === e.range.end && e.range.start === e.range.end);
    if (same) same.newText += e.newText;
    else out.push({ range: { ...e.range }, newText: e.newText });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}
