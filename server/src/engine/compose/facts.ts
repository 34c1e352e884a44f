/** Shared facts about services that several rules need: image parts, ports, environment, kinds of images. */
import { isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import { isSecretName } from '../shared/secrets';
import type { OffsetRange } from '../text';
import type { ServiceView, ValueRef } from './model';
import { SingleFileModel } from './model';

export interface ImageRef {
  raw: string;
  repository: string; // without registry host and tag, e.g. "ollama/ollama", "postgres"
  tag?: string;
  digest?: string;
}

export function parseImage(raw: string): ImageRef {
  let rest = raw.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  let name = colon >= 0 ? rest.slice(0, colon) : rest;
  const parts = name.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  name = parts.join('/');
  return { raw, repository: name.toLowerCase(), tag, digest };
}

/**
 * A per-service fact, remembered by the service's merged value in a project (a keystroke in one
 * service keeps the merged value of every other one: project/serviceReuse.ts, so the fact is derived
 * again for the edited service only) or by the view in a single-file model (one check). `compute`
 * must read the service alone (not other services, the model, settings or files on disk) and its
 * result must hold no offsets: nodes outlive edits before them and are shifted in place, so ranges
 * are computed when asked (getters, or at reporting). Results are shared: callers must not change them.
 */
export function perService<T>(compute: (svc: ServiceView) => T): (svc: ServiceView) => T {
  const memo = new WeakMap<object, T>();
  return (svc) => {
    const merged = (svc as { merged?: unknown }).merged;
    const key = typeof merged === 'object' && merged !== null ? merged : svc;
    const hit = memo.get(key);
    if (hit !== undefined || memo.has(key)) return hit as T;
    const value = compute(svc);
    memo.set(key, value);
    return value;
  };
}

/** The service's image, parsed (rules ask for the image of every service, some for every pair of services). */
export const imageOf: (svc: ServiceView) => ImageRef | undefined = perService((svc) => {
  const ref = svc.get(['image']);
  return typeof ref?.js === 'string' ? parseImage(ref.js) : undefined;
});

const DATABASES = /(^|\/)(postgres|postgis|pgvector|timescaledb|mysql|mariadb|mongo|mongodb|redis|redis-stack|valkey|keydb|memcached|clickhouse(-server)?|elasticsearch|opensearch|etcd|minio|neo4j|cassandra|couchdb|qdrant|weaviate|milvus|chroma|chromadb)$/;
const DB_PORT_IMAGES = /(^|\/)(postgres|postgis|pgvector|timescaledb|mysql|mariadb|mongo|mongodb|redis|redis-stack|valkey|keydb|memcached|clickhouse(-server)?|elasticsearch|opensearch|etcd|minio|neo4j)$/;

/** Databases, caches and vector stores: their data must persist and their ports stay private. */
export function isDatabase(image: ImageRef | undefined): boolean {
  return !!image && DATABASES.test(image.repository);
}

export function isPublishedPortSensitive(image: ImageRef | undefined): boolean {
  return !!image && DB_PORT_IMAGES.test(image.repository);
}

export function isOllama(image: ImageRef | undefined): boolean {
  return !!image && /(^|\/)ollama$/.test(image.repository);
}

export function isRedisLike(image: ImageRef | undefined): boolean {
  return !!image && /(^|\/)(redis|redis-stack|valkey|keydb)$/.test(image.repository);
}

export interface EnvEntry {
  readonly name: string;
  readonly value: string | null;
  /** Range of the value text to replace (list form: the part after `=`), read when asked. */
  readonly valueRange: OffsetRange;
  /** Range of the whole entry (the key, or the list item), read when asked. */
  readonly range: OffsetRange;
  readonly node: Node | null;
  readonly ref: ValueRef;
  readonly form: 'map' | 'list';
}

/**
 * `environment` in both map and `KEY=value` list form. In a merged project the entries may come from
 * several files: each entry points at the node (and file) where it is written. About ten rules ask
 * for the environment of every service, several of them more than once: remembered per service, with
 * the ranges read when asked (the nodes of an untouched service move when text before them changes).
 */
export const envEntries: (svc: ServiceView) => readonly EnvEntry[] = perService((svc) => Object.freeze(readEnvEntries(svc)));

function readEnvEntries(svc: ServiceView): EnvEntry[] {
  const ref = svc.get(['environment']);
  if (!ref) return [];
  const out = entriesOf(ref);
  const seen = new Set(out.map((e) => e.name));
  for (const name of svc.keys(['environment'])) {
    if (seen.has(name)) continue;
    const entry = svc.get(['environment', name]);
    const node = entry?.node;
    if (!entry || !isScalar(node)) continue;
    const text = typeof node.value === 'string' ? node.value : null;
    const listItem = !entry.keyNode && text !== null && text.startsWith(name + '=');
    out.push(listItem ? listEntry(entry, node, text!) : mapEntry(entry, node, entry.keyNode ?? null));
  }
  return out;
}

function entriesOf(ref: ValueRef): EnvEntry[] {
  const file = ref.file;
  const out: EnvEntry[] = [];
  if (isMap(ref.node)) {
    for (const pair of ref.node.items) {
      const key = pair.key as Node;
      if (!isScalar(key)) continue;
      out.push(mapEntry(ref, file.resolve(pair.value) ?? null, key));
    }
  } else if (isSeq(ref.node)) {
    for (const item of ref.node.items) {
      const node = file.resolve(item);
      if (isScalar(node) && typeof node.value === 'string') out.push(listEntry(ref, node, node.value));
    }
  }
  return out;
}

function mapEntry(ref: ValueRef, valueNode: Node | null, key: Node | null): EnvEntry {
  const value = isScalar(valueNode) ? (valueNode.value == null ? null : String(valueNode.value)) : null;
  return new EnvEntryAt(ref, 'map', isScalar(key) ? String(key.value) : '', value, valueNode, key, -1);
}

function listEntry(ref: ValueRef, node: Scalar, text: string): EnvEntry {
  const eq = text.indexOf('=');
  return new EnvEntryAt(ref, 'list', eq >= 0 ? text.slice(0, eq) : text, eq >= 0 ? text.slice(eq + 1) : null, node, null, eq);
}

/**
 * One entry, its ranges read when asked. A class rather than an object literal with getters: a
 * literal makes two closures, a context and two accessor pairs per entry (about 650 bytes; 14,000
 * entries at 1000 realistic services), the class keeps its getters on the prototype. The entry's own
 * `ValueRef` is made on first use and then kept (rules hand it on, so it keeps one identity).
 */
class EnvEntryAt implements EnvEntry {
  private ownRef: ValueRef | undefined;

  constructor(
    private readonly base: ValueRef,
    readonly form: 'map' | 'list',
    readonly name: string,
    readonly value: string | null,
    readonly node: Node | null,
    /** The key of a map entry; null in list form. */
    private readonly key: Node | null,
    /** Where `=` is in a list item's text (-1 in map form). */
    private readonly eq: number,
  ) {}

  get valueRange(): OffsetRange {
    const file = this.base.file;
    if (this.form === 'map') return file.rangeOf(this.node ?? this.key);
    return valueRangeInListItem(file.text, this.node as Scalar, this.eq) ?? file.rangeOf(this.node);
  }

  get range(): OffsetRange {
    return this.base.file.rangeOf(this.form === 'map' ? (this.key ?? this.node) : this.node);
  }

  get ref(): ValueRef {
    if (!this.ownRef) {
      const js = this.form === 'map' ? this.value : String((this.node as Scalar).value);
      this.ownRef = this.form === 'map' ? { ...this.base, node: this.node, js, keyNode: this.key } : { ...this.base, node: this.node, js };
    }
    return this.ownRef;
  }
}

/** For `- KEY=value` (plain or quoted without escapes), the source range of `value`. */
function valueRangeInListItem(text: string, node: Scalar, eq: number): OffsetRange | undefined {
  if (eq < 0 || !node.range) return undefined;
  const [start, end] = node.range;
  const src = text.slice(start, end);
  const quoted = src.startsWith('"') || src.startsWith("'");
  const inner = quoted ? src.slice(1, -1) : src;
  if (inner !== String(node.value)) return undefined; // escapes: offsets would not line up
  const off = start + (quoted ? 1 : 0) + eq + 1;
  return { start: off, end: off + String(node.value).length - eq - 1 };
}

export interface PortSpec {
  hostIp?: string;
  published?: string;
  target: string;
  protocol?: string;
  ref: ValueRef;
  long: boolean;
}

/** Host IPs of a published port that mean "every interface". */
export const WILDCARD_HOST_IPS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);

/** A published port's host IP on the loopback: only this machine can connect. */
export function isLoopbackHostIp(ip: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(ip);
}

/** Parses short (`[ip:][host:]container[/proto]`) and long port syntax (shared between callers: do not change it). */
export const portSpecs: (svc: ServiceView) => readonly PortSpec[] = perService((svc) => Object.freeze(svc.items(['ports']).map((ref) => parsePort(ref))));

export function parsePort(ref: ValueRef): PortSpec {
  const js = ref.js;
  if (js && typeof js === 'object' && !Array.isArray(js)) {
    const o = js as Record<string, unknown>;
    return {
      hostIp: o.host_ip == null ? undefined : String(o.host_ip),
      published: o.published == null ? undefined : String(o.published),
      target: String(o.target ?? ''),
      protocol: o.protocol == null ? undefined : String(o.protocol),
      ref,
      long: true,
    };
  }
  let s = String(js ?? '');
  let protocol: string | undefined;
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    protocol = s.slice(slash + 1);
    s = s.slice(0, slash);
  }
  let hostIp: string | undefined;
  const v6 = s.match(/^\[([^\]]*)\]:(.*)$/);
  if (v6) {
    hostIp = v6[1];
    s = v6[2];
  }
  const parts = splitOutsideVars(s, ':'); // `${PORT:-8080}:80` has a colon inside the variable
  if (!hostIp && parts.length === 3) hostIp = parts.shift();
  if (!hostIp && parts.length > 3) {
    // bare IPv6 host part: everything but the last two
    const target = parts.pop()!;
    const published = parts.pop()!;
    return { hostIp: parts.join(':'), published, target, protocol, ref, long: false };
  }
  const target = parts.pop() ?? '';
  const published = parts.pop();
  return { hostIp: hostIp === '' ? undefined : hostIp, published: published === '' ? undefined : published, target, protocol, ref, long: false };
}

/** The range a "this value is wrong" finding should use: the value itself, or the service key when inherited. */
export function reportRange(svc: ServiceView, ref: ValueRef | undefined): { file: string; range: OffsetRange } {
  if (!ref || ref.via || !ref.node?.range) return { file: svc.file.path, range: svc.keyRange };
  const range = ref.file.rangeOf(ref.node);
  // Block collections' ranges run past their last line break: underline the content only.
  let end = range.end;
  while (end > range.start + 1 && /\s/.test(ref.file.text[end - 1])) end--;
  return { file: ref.file.path, range: { start: range.start, end } };
}

/** Range of the key of the setting (e.g. `privileged`), or the service key when inherited or absent. */
export function keyRange(svc: ServiceView, ref: ValueRef | undefined): { file: string; range: OffsetRange } {
  if (!ref || ref.via || !ref.keyNode?.range) return { file: svc.file.path, range: svc.keyRange };
  return { file: ref.file.path, range: ref.file.rangeOf(ref.keyNode) };
}

/** Related information pointing at the anchor an inherited value comes from. */
export function anchorRelated(ref: ValueRef | undefined) {
  if (!ref?.via) return undefined;
  return [{ file: ref.via.file.path, range: ref.via.range, message: `inherited from the anchor &${ref.via.anchor}` }];
}

export function asStringList(js: unknown): string[] {
  if (Array.isArray(js)) return js.map((x) => String(x));
  if (typeof js === 'string') return [js];
  return [];
}

export type HealthState = 'present' | 'missing' | 'disabled';

/** The service's own healthcheck (`disable: true` and `test: [NONE]` turn off the image's one). */
export function healthState(svc: ServiceView): HealthState {
  const ref = svc.get(['healthcheck']);
  if (!ref || ref.js == null) return 'missing';
  const hc = ref.js as Record<string, unknown>;
  if (typeof hc !== 'object') return 'missing';
  if (hc.disable === true || hc.disable === 'true') return 'disabled';
  const test = asStringList(hc.test);
  if (test.length && test[0].toUpperCase() === 'NONE') return 'disabled';
  return 'present';
}

/** Secret-like variable names: the shared classifier (`shared/secrets.ts`), kept under its old name for its callers. */
export const SECRET_NAME = { test: (name: string): boolean => isSecretName(name) };

export interface VolumeSpec {
  /** Host path, named volume or `${VAR}` text; undefined for an anonymous volume. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** bind (host path), volume (named), tmpfs, or other long-form types. */
  type: string;
  /** Options after the target in short syntax (`ro`, `Z`, `nocopy`, …), as written. */
  mode: string[];
  ref: ValueRef;
  long: boolean;
}

/** Short-syntax mount options (access, SELinux label, volume nocopy, bind propagation, macOS consistency). */
const MOUNT_OPTIONS = new Set(['ro', 'rw', 'z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'consistent', 'cached', 'delegated']);
const isMountOptions = (s: string) => s.length > 0 && s.split(',').every((o) => MOUNT_OPTIONS.has(o));

/** Parses short (`[source:]target[:mode]`, `${VAR:-default}` aware) and long volume syntax. */
export function volumeSpecs(svc: ServiceView): VolumeSpec[] {
  return svc.items(['volumes']).map((ref) => parseVolume(ref));
}

export function parseVolume(ref: ValueRef): VolumeSpec {
  const js = ref.js;
  if (js && typeof js === 'object' && !Array.isArray(js)) {
    const o = js as Record<string, unknown>;
    const source = o.source == null ? undefined : String(o.source);
    return { source, target: String(o.target ?? ''), readOnly: o.read_only === true || o.read_only === 'true', type: String(o.type ?? (source && isHostPath(source) ? 'bind' : 'volume')), mode: [], ref, long: true };
  }
  const parts = splitOutsideVars(String(js ?? ''), ':');
  // A Windows drive letter is part of the source (`C:\data:/data`).
  if (parts.length > 2 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1])) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  // `/data:ro` is an anonymous volume with options: a target is an absolute container path, never `ro`.
  if (parts.length === 1 || (parts.length === 2 && isMountOptions(parts[1]))) {
    const mode = parts.length === 2 ? parts[1].split(',') : [];
    return { target: parts[0], readOnly: mode.includes('ro'), type: 'volume', mode, ref, long: false };
  }
  const [source, target] = parts;
  const mode = parts.slice(2).join(':').split(',').filter(Boolean);
  return { source, target, readOnly: mode.includes('ro'), type: isHostPath(source) ? 'bind' : 'volume', mode, ref, long: false };
}

/** Host paths start with `/`, `.`, `~` or a variable (which usually holds a path). */
export function isHostPath(source: string): boolean {
  return /^([/.~$]|[A-Za-z]:[\\/])/.test(source);
}

/** Splits on `sep` except inside `${…}` (whose defaults may contain the separator). */
export function splitOutsideVars(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') depth++;
    else if (s[i] === '}' && depth > 0) depth--;
    if (s[i] === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

const ONE_SHOT_NAME = /(^|[-_.])(init|migrate|migration|migrations|migrator|setup|seed|seeder|bootstrap|provision|createbuckets|create-buckets)([-_.]|$)/i;

/**
 * One-shot jobs (migrations, init, seed) run to completion and exit: they need neither a restart
 * policy nor a healthcheck. Known when another service waits for `service_completed_successfully`,
 * the job says `restart: "no"`, or its name says so.
 */
export function isOneShot(model: { services: ServiceView[] }, svc: ServiceView): boolean {
  return saysOneShot(svc) || awaitedToComplete(model).has(svc.name);
}

/** What the service itself says of being a one-shot job (its restart policy, name or command); isOneShot also asks the others. */
export const saysOneShot: (svc: ServiceView) => boolean = perService((svc) => {
  const restart = svc.get(['restart'])?.js;
  if (restart === 'no' || restart === false) return true;
  if (svc.get(['deploy', 'restart_policy', 'condition'])?.js === 'none') return true;
  return ONE_SHOT_NAME.test(svc.name) || endsWithFinishingCommand(svc);
});

/**
 * Commands that do their work and exit: a model or file download, a migration, a bucket or user
 * created. A service whose command ends with one (`sh -c "sleep 3; ollama pull llama3.2"`) is a
 * job, however it is named. Leading `VAR=value` assignments and `exec` are skipped.
 */
const FINISHING_COMMAND =
  /^(?:ollama\s+(?:pull|create|push|cp|rm)|(?:huggingface-cli|hf)\s+download|alembic\s+(?:upgrade|downgrade|stamp)|(?:python[0-9.]*\s+)?\S*manage\.py\s+(?:migrate|collectstatic|loaddata|createsuperuser)|(?:npx\s+)?prisma\s+(?:migrate\s+deploy|db\s+(?:push|seed))|mc\s+(?:mb|alias|policy|anonymous|cp|mirror|admin)|echo|exit|true)(?:\s|$)/;

/** The script a service runs (the argument of `sh -c`, else entrypoint + command), split into its last command. */
function lastCommand(svc: ServiceView): string {
  const words = [...asStringList(svc.get(['entrypoint'])?.js), ...asStringList(svc.get(['command'])?.js)];
  const dashC = words.findIndex((w) => /^-[a-z]*c$/.test(w));
  const script = dashC >= 0 && words[dashC + 1] !== undefined ? words[dashC + 1] : words.join(' ');
  const parts = script.split(/;|&&|\|\||\n/).map((p) => p.trim()).filter(Boolean);
  return (parts[parts.length - 1] ?? '').replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, '').replace(/^exec\s+/, '');
}

function endsWithFinishingCommand(svc: ServiceView): boolean {
  return FINISHING_COMMAND.test(lastCommand(svc));
}

/**
 * An interactive console (`stdin_open` and `tty`, no port published or exposed): a toolbox one
 * attaches to or a foreground run, not a server: there is nothing to probe.
 */
export function isConsole(svc: ServiceView): boolean {
  const on = (k: string) => svc.get([k])?.js === true;
  return on('stdin_open') && on('tty') && !svc.get(['ports']) && !svc.get(['expose']);
}

/** Per model (one analysis): names some service waits on with `service_completed_successfully`. Built once, not per question. */
const completionTargets = new WeakMap<object, Set<string>>();

export function awaitedToComplete(model: { services: ServiceView[] }): ReadonlySet<string> {
  let names = completionTargets.get(model);
  if (names) return names;
  names = new Set();
  for (const other of model.services) for (const name of awaitsCompletionOf(other)) names.add(name);
  completionTargets.set(model, names);
  return names;
}

/** Services this one waits on with `service_completed_successfully`. */
const awaitsCompletionOf = perService((svc): readonly string[] => {
  const deps = svc.get(['depends_on'])?.js;
  if (!deps || typeof deps !== 'object' || Array.isArray(deps)) return [];
  return Object.entries(deps as Record<string, { condition?: unknown } | null>).filter(([, dep]) => dep?.condition === 'service_completed_successfully').map(([name]) => name);
});

/**
 * A service of a file checked alone that has no `image`, `build` or `extends`: a patch an override
 * fragment (`docker-compose.override.yml`, `compose.gpu.yml`) adds to a service another file
 * defines. What it does not repeat (limits, profiles, healthcheck…) is unknown here, not absent.
 * In a merged model (a set) a service without an image is a real error: never a patch.
 */
export function isPatchService(model: object, svc: ServiceView): boolean {
  return model instanceof SingleFileModel && !!svc.node && !svc.get(['image']) && !svc.get(['build']) && !svc.get(['extends']);
}

export function profilesOf(svc: ServiceView): string[] {
  const js = svc.get(['profiles'])?.js;
  return Array.isArray(js) ? js.map(String) : [];
}

/**
 * False for services in disjoint profiles (`cpu` / `gpu-nvidia` variants, `tei-cpu` / `tei-gpu`):
 * they are alternatives, started one at a time. A service without profiles always starts.
 */
export function canRunTogether(a: ServiceView, b: ServiceView): boolean {
  const pa = profilesOf(a);
  const pb = profilesOf(b);
  return pa.length === 0 || pb.length === 0 || pa.some((p) => pb.includes(p));
}
