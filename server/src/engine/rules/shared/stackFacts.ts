/** Facts the network/image/health/secret/GPU rules share: interpolation, healthchecks, source offsets. */
import { isScalar, Node, Scalar } from 'yaml';
import type { TextEdit } from '../../rule';
import type { ServiceView } from '../../compose/model';
import { asStringList, imageOf, isOllama, isRedisLike, portSpecs } from '../../compose/facts';
import type { SourceFile } from '../../compose/sourceFile';
import type { OffsetRange } from '../../text';
import type { ServiceImage } from './serviceImage';
import { references } from '../../project/interpolate';

export interface Interpolation {
  /** Offsets within the scanned text. */
  start: number;
  end: number;
  name: string;
  /** '' for `${VAR}`/`$VAR`, else one of `-`, `:-`, `?`, `:?`, `+`, `:+`. */
  op: string;
  arg: string;
}

/** `${VAR}`, `${VAR:-default}`, `$VAR` occurrences, skipping `$$` escapes (container-side variables): the project interpolation's grammar. */
export function interpolations(text: string): Interpolation[] {
  return references(text);
}

/**
 * The text with each variable replaced by its default (`${TAG:-16.4}` → `16.4`), and a mask of
 * which characters came from a default. Variables without a default become `undefined` holes.
 */
export function withDefaults(text: string): { text: string; fromVar: boolean[]; unresolved: boolean } {
  let out = '';
  const fromVar: boolean[] = [];
  let unresolved = false;
  let last = 0;
  for (const v of interpolations(text)) {
    const lit = text.slice(last, v.start).replace(/\$\$/g, '$');
    out += lit;
    for (let i = 0; i < lit.length; i++) fromVar.push(false);
    const value = v.op === '-' || v.op === ':-' ? withDefaults(v.arg).text : '';
    if (!(v.op === '-' || v.op === ':-')) unresolved = true;
    out += value;
    for (let i = 0; i < value.length; i++) fromVar.push(true);
    last = v.end;
  }
  const tail = text.slice(last).replace(/\$\$/g, '$');
  out += tail;
  for (let i = 0; i < tail.length; i++) fromVar.push(false);
  return { text: out, fromVar, unresolved };
}

/** Source range of `needle` inside a scalar's source text (found in the source, so quoting does not matter). */
export function rangeInScalar(file: SourceFile, node: Node | null | undefined, needle: string, from = 0): OffsetRange | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const at = file.text.slice(start, end).indexOf(needle, from);
  return at < 0 ? undefined : { start: start + at, end: start + at + needle.length };
}

/** Source text of a node (up to its last non-blank character). */
/** Container ports the service listens on: `ports` targets, then `expose`. */
export function containerPorts(svc: ServiceView): string[] {
  const out: string[] = [];
  for (const p of portSpecs(svc)) out.push(p.target.split('-')[0]);
  for (const e of asStringList(svc.get(['expose'])?.js)) out.push(e.split('/')[0].split('-')[0]);
  return out.filter((p, i) => /^\d+$/.test(p) && out.indexOf(p) === i);
}

/** `command`/`entrypoint` as one shell-ish string. */
export function commandText(svc: ServiceView): string {
  return ['entrypoint', 'command'].map((k) => asStringList(svc.get([k])?.js).join(' ')).join(' ').trim();
}

export interface HealthTemplate {
  value: Record<string, unknown>;
  /** True when the probe is known to work for the image (not a guessed HTTP path). */
  safe: boolean;
  what: string;
}

const TIMING = { interval: '10s', timeout: '5s', retries: 5 };
const POSTGRES = /(^|\/)(postgres|postgis|pgvector|timescaledb(-ha)?)$/;

/** Container ports that speak another protocol than HTTP (databases, brokers, gRPC): never probed with an HTTP GET. */
const NOT_HTTP = new Set(['5432', '3306', '6379', '27017', '5672', '4222', '6222', '6334', '50051', '7687', '7233', '9300', '11211', '19530']);

/**
 * A healthcheck that works for the service's image, probing 127.0.0.1 (never localhost: it may
 * resolve to ::1). `image` (what the image provides) supplies the image's known readiness probe,
 * the Dockerfile's EXPOSEd ports, and which probe tools exist.
 */
export function healthTemplate(svc: ServiceView, image_?: ServiceImage): HealthTemplate | undefined {
  const image = imageOf(svc);
  const repo = image?.repository ?? '';
  const timed = (test: unknown[], start = '30s') => ({ test, ...TIMING, start_period: start });
  const known = image_?.facts?.probe;
  if (known) return { value: timed(known.test, known.start_period), safe: true, what: known.what };
  if (POSTGRES.test(repo)) return { value: timed(['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres}']), safe: true, what: 'pg_isready' };
  if (isRedisLike(image)) {
    const cli = /valkey/.test(repo) ? 'valkey-cli' : /keydb/.test(repo) ? 'keydb-cli' : 'redis-cli';
    return { value: timed(['CMD', cli, '-h', '127.0.0.1', 'ping']), safe: true, what: `${cli} ping` };
  }
  if (isOllama(image)) return { value: timed(['CMD', 'ollama', 'list'], '20s'), safe: true, what: 'ollama list' };
  if (/(^|\/)(mysql|mariadb)$/.test(repo)) return { value: timed(['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1']), safe: true, what: 'mysqladmin ping' };
  if (/(^|\/)mongo$/.test(repo)) return { value: timed(['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"]), safe: true, what: 'mongosh ping' };
  const cmd = commandText(svc);
  const celery = cmd.match(/\bcelery\b.*?(?:-A|--app)[ =](\S+).*\bworker\b/) ?? cmd.match(/\bcelery\b.*\bworker\b.*?(?:-A|--app)[ =](\S+)/);
  if (celery) return { value: timed(['CMD-SHELL', `celery -A ${celery[1]} inspect ping -d celery@$$HOSTNAME || exit 1`]), safe: false, what: 'celery inspect ping' };
  const notHttp = new Set([...NOT_HTTP, ...(image_?.facts?.nonHttpPorts ?? []).map(String)]);
  const port = [...containerPorts(svc), ...(image_?.expose ?? [])].find((p) => /^\d+$/.test(p) && !notHttp.has(p));
  if (!port) return undefined;
  const url = `http://127.0.0.1:${port}/health`;
  const base = image_?.build?.base?.repository ?? '';
  const tools = image_?.facts?.tools;
  // Slim Python images ship neither curl nor wget: probe with the interpreter the app already has.
  if (/\b(uvicorn|gunicorn|hypercorn|granian|python[0-9.]*|fastapi|flask|django)\b/.test(cmd) || /(^|\/)python$/.test(repo) || /(^|\/)python$/.test(base) || tools?.python) {
    return { value: timed(['CMD', 'python', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=4)`]), safe: false, what: `GET ${url}` };
  }
  // Node images (Debian variants) have no wget; Node 18+ has fetch.
  if (/(^|\/)node$/.test(base) || /(^|\/)node$/.test(repo)) {
    return { value: timed(['CMD', 'node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]), safe: false, what: `GET ${url}` };
  }
  if (tools?.wget === false) {
    if (tools.curl) return { value: timed(['CMD', 'curl', '-fsS', url]), safe: false, what: `GET ${url}` };
    return undefined; // no probe tool in the image: a person picks the probe
  }
  return { value: timed(['CMD-SHELL', `wget -qO- ${url} || exit 1`]), safe: false, what: `GET ${url}` };
}

/**
 * Replaces source offsets [start, end) inside a scalar. Quoted scalars take the text as is; a plain
 * scalar is re-quoted when the result would no longer be a valid plain scalar (braces in flow
 * collections, `: `, ` #`).
 */
export function substituteInScalar(file: SourceFile, node: Node, start: number, end: number, replacement: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [from, to] = node.range;
  if (node.type !== Scalar.PLAIN) return { file: file.path, range: { start, end }, newText: replacement };
  const src = file.text.slice(from, to);
  const next = src.slice(0, start - from) + replacement + src.slice(end - from);
  const risky = /[{}[\],]|: | #|^[&*!|>'"%@`-]/.test(next);
  return { file: file.path, range: { start: from, end: to }, newText: risky ? JSON.stringify(next) : next };
}

export function required(name: string): string {
  return `\${${name}:?${name} must be set}`;
}
