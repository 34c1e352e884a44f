import { isScalar, isSeq, Node } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { envEntries, perService, SECRET_NAME } from '../../compose/facts';
import type { SourceFile } from '../../compose/sourceFile';
import type { FindingDraft, RelatedInfo, Rule } from '../../rule';
import { ownText, type OffsetRange } from '../../text';
import { interpolations, required, substituteInScalar } from '../shared/stackFacts';
import { servicesOf } from '../shared/util';

/** A literal value: not empty, not interpolated, not a secrets-file path. */
function isLiteral(value: string | null): value is string {
  return !!value && value.trim() !== '' && interpolations(value).length === 0 && !value.startsWith('/run/secrets/');
}

/** Command-line flags whose argument is a secret; redis-cli's `-a` too. */
const FLAG = /(--(?:requirepass|masterauth|password|passwd|pass|token|api-key|apikey|secret|auth-token)(?:=|\s+)|\bredis-cli\b[^|;&]*?\s-a\s+)([^\s"'$][^\s"']*)/g;
const BARE_FLAG = /^--(requirepass|masterauth|password|passwd|pass|token|api-key|apikey|secret|auth-token)$|^-a$/;
/** `scheme://user:password@host` with a literal password. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]+:([^\s@/$]+)@/gi;
/** The parts of such a URL the variable name is chosen from. */
const URL_PARTS = /([a-z][a-z0-9+.-]*):\/\/[^\s:/@]+:([^\s@/$]+)@([^\s:/?#]+)/i;
/** The variable a stack usually holds a data store's password in, by URL scheme. */
const SCHEME_VARIABLE: Record<string, string> = {
  postgres: 'POSTGRES_PASSWORD',
  postgresql: 'POSTGRES_PASSWORD',
  mysql: 'MYSQL_PASSWORD',
  mariadb: 'MARIADB_PASSWORD',
  redis: 'REDIS_PASSWORD',
  rediss: 'REDIS_PASSWORD',
  mongodb: 'MONGO_PASSWORD',
  'mongodb+srv': 'MONGO_PASSWORD',
  amqp: 'RABBITMQ_PASSWORD',
  amqps: 'RABBITMQ_PASSWORD',
};
/** Names of variables that hold a password (not a user, not a `_FILE` path). */
const PASSWORD_NAME = /(PASSWORD|PASSWD|_PASS|_PWD)$/i;

interface Hit {
  kind: 'env' | 'url' | 'flag';
  node: Node;
  /** The file the secret is written in: an anchor's or an extended service's, not always the service's. */
  file: SourceFile;
  /** Source range of the secret text. */
  range: OffsetRange;
  what: string;
  /** Where the name comes from: the env variable, the URL, or the flag. */
  env?: string;
  url?: string;
  flag?: string;
  /** Set when inherited from an anchor (for the related information). */
  via?: ValueRef;
}

/**
 * A hit as remembered per service: its range is kept relative to the start of its scalar, because
 * the scalar of an untouched service moves (in place) when text above it is edited.
 */
interface HitFact extends Omit<Hit, 'range'> {
  start: number;
  end: number;
  /** `scheme`, `password` and `host` of a URL hit (URL_PARTS), parsed once. */
  urlParts?: { scheme: string; password: string; host: string };
}

function nodeStart(node: Node): number {
  return node.range?.[0] ?? 0;
}

/** A hit at an absolute range, as rangeOf gave it, turned into a fact relative to its scalar. */
function fact(hit: Hit): HitFact {
  const at = nodeStart(hit.node);
  const parts = hit.url !== undefined ? URL_PARTS.exec(hit.url) : null;
  // Spelled out (one shape for every fact): the check reads these for every hit on every keystroke.
  return {
    kind: hit.kind,
    node: hit.node,
    file: hit.file,
    what: hit.what,
    env: hit.env,
    url: hit.url,
    flag: hit.flag,
    via: hit.via,
    start: hit.range.start - at,
    end: hit.range.end - at,
    urlParts: parts ? { scheme: parts[1], password: parts[2], host: parts[3] } : undefined,
  };
}

/** One literal secret where it is written, with every service that uses it (anchor, `x-` block, extends). */
interface Definition {
  hit: Hit;
  services: ServiceView[];
  /** The one variable every user of the definition reads it from. */
  name: string;
}

/** Literal secrets in the source text of one scalar (flags and URL credentials). */
function scanScalar(file: SourceFile, node: Node, where: string, hits: Hit[]): void {
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return;
  // Most values hold neither a flag nor a URL with credentials: skip them before slicing and matching.
  const v = node.value;
  if (!v.includes('-') && !(v.includes('://') && v.includes('@'))) return;
  const src = file.text.slice(node.range[0], node.range[1]);
  // The strings a hit keeps are copies: a slice of the whole text would pin that version of it while the service's facts are remembered.
  for (const m of src.matchAll(FLAG)) {
    const start = node.range[0] + m.index! + m[1].length;
    const flag = ownText(m[1]);
    hits.push({ kind: 'flag', node, file, range: { start, end: start + m[2].length }, flag, what: `${where} passes a literal ${flag.trim().replace(/=$/, '')} secret` });
  }
  for (const m of src.matchAll(URL_CREDENTIALS)) {
    const start = node.range[0] + m.index! + m[0].length - 1 - m[1].length;
    hits.push({ kind: 'url', node, file, range: { start, end: start + m[1].length }, url: ownText(src.slice(m.index!)), what: `${where} contains a URL with a literal password` });
  }
}

/** The scalars of command/entrypoint/healthcheck.test, with list-form `--flag value` pairs. */
function scanCommand(svc: ServiceView, path: string[], hits: Hit[]): void {
  const ref = svc.get(path);
  if (!ref?.node) return;
  const file = ref.file;
  const where = path.join('.');
  const before = hits.length;
  if (isScalar(ref.node)) scanScalar(file, ref.node, where, hits);
  else if (isSeq(ref.node)) {
    const items = ref.node.items.map((i) => file.resolve(i));
    // Whether redis-cli came earlier (its -a takes a password), carried along: a list may be huge.
    let redis = false;
    items.forEach((node, i) => {
      const prev = items[i - 1];
      if (isScalar(prev) && /redis-cli/.test(String(prev.value))) redis = true;
      if (!isScalar(node) || !node.range) return;
      const text = String(node.value);
      const prevText = isScalar(prev) ? String(prev.value) : '';
      if (BARE_FLAG.test(prevText) && (prevText !== '-a' || redis) && isLiteral(text)) {
        const r = node.range;
        const quoted = node.type !== 'PLAIN';
        hits.push({ kind: 'flag', node, file, range: { start: r[0] + (quoted ? 1 : 0), end: r[1] - (quoted ? 1 : 0) }, flag: prevText, what: `${where} passes a literal ${prevText} secret` });
      } else scanScalar(file, node, where, hits);
    });
  }
  if (ref.via) for (const h of hits.slice(before)) h.via = ref;
}

function serviceHits(svc: ServiceView): Hit[] {
  const hits: Hit[] = [];
  for (const e of envEntries(svc)) {
    if (!e.node) continue;
    const via = e.ref.via ? e.ref : undefined;
    if (SECRET_NAME.test(e.name) && isLiteral(e.value)) {
      const quoted = e.form === 'map' && isScalar(e.node) && e.node.type !== 'PLAIN';
      const range = quoted ? { start: e.valueRange.start + 1, end: e.valueRange.end - 1 } : e.valueRange;
      hits.push({ kind: 'env', node: e.node, file: e.ref.file, range, env: e.name, what: `${e.name} is written in the file`, via });
    } else if (e.value) {
      const before = hits.length;
      scanScalar(e.ref.file, e.node, e.name, hits);
      for (const h of hits.slice(before)) h.via = via;
    }
  }
  for (const path of [['command'], ['entrypoint'], ['healthcheck', 'test']]) scanCommand(svc, path, hits);
  return hits;
}

/** What one service contributes, from its merged value alone: remembered per service while typing. */
interface ServiceFacts {
  hits: HitFact[];
  /** Literal secret env values in order, as [value, variable name]. */
  literals: [string, string][];
}

const serviceFacts = perService((svc: ServiceView): ServiceFacts => {
  const literals: [string, string][] = [];
  for (const e of envEntries(svc)) if (SECRET_NAME.test(e.name) && isLiteral(e.value)) literals.push([e.value, e.name]);
  return { hits: serviceHits(svc).map(fact), literals };
});

/**
 * Every literal secret of the stack, once per place it is written: a value in an anchor, an `x-`
 * block or an extended service is one definition with one variable name, however many services use it.
 * Cached per model (the check and each fix ask for it).
 */
const definitionsByModel = new WeakMap<object, Definition[]>();

export function secretDefinitions(ctx: ComposeContext): Definition[] {
  let out = definitionsByModel.get(ctx.model);
  if (out) return out;
  // One definition per place a secret is written: per scalar, per offset in it (a scalar is in one file, and
  // scalars do not nest, so this is the place in the file without building a key per hit).
  const byNode = new Map<Node, { start: number; hit: Hit; parts: HitFact['urlParts']; services: ServiceView[] }[]>();
  const places: { hit: Hit; parts: HitFact['urlParts']; services: ServiceView[] }[] = [];
  const services = [...servicesOf(ctx)];
  for (const svc of services) {
    for (const f of serviceFacts(svc).hits) {
      const list = byNode.get(f.node);
      const seen = list?.find((p) => p.start === f.start);
      if (seen) {
        if (!seen.services.includes(svc)) seen.services.push(svc);
        continue;
      }
      const at = nodeStart(f.node);
      const hit: Hit = { kind: f.kind, node: f.node, file: f.file, range: { start: at + f.start, end: at + f.end }, what: f.what, env: f.env, url: f.url, flag: f.flag, via: f.via };
      const place = { start: f.start, hit, parts: f.urlParts, services: [svc] };
      if (list) list.push(place);
      else byNode.set(f.node, [place]);
      places.push(place);
    }
  }
  const secrets = literalSecrets(services);
  out = places.map((d) => ({ hit: d.hit, services: d.services, name: variableFor(ctx, d.hit, d.parts, d.services[0], secrets) }));
  definitionsByModel.set(ctx.model, out);
  return out;
}

function variableFor(ctx: ComposeContext, hit: Hit, parts: HitFact['urlParts'], owner: ServiceView, secrets: Map<string, string>): string {
  if (hit.env) return hit.env;
  if (hit.url) return urlVariable(ctx, parts, owner, secrets);
  const flag = (hit.flag ?? '').replace(/^-+|[=\s].*$/g, '');
  if (/requirepass|masterauth|^a$/.test(flag) || /redis-cli/.test(hit.flag ?? '')) return 'REDIS_PASSWORD';
  return upperName(`${owner.name}_${flag}`);
}

/**
 * The variable a URL's password is read from, the same for every service that shares the URL:
 * the variable that already holds the same literal; else the one the host service (the data
 * store the URL points at) takes its password from; else the usual one for the scheme; else
 * `<HOST>_PASSWORD`.
 */
function urlVariable(ctx: ComposeContext, parts: HitFact['urlParts'], owner: ServiceView, secrets: Map<string, string>): string {
  if (!parts) return upperName(`${owner.name}_PASSWORD`);
  const { scheme, password, host } = parts;
  const same = secrets.get(password);
  if (same) return same;
  const target = ctx.model.service(host);
  const fromHost = target?.node ? hostPasswordVariable(target) : undefined;
  return fromHost ?? SCHEME_VARIABLE[scheme.toLowerCase()] ?? upperName(`${host}_PASSWORD`);
}

/** The password variable of a data-store service: `${X}` it reads, or the name it sets literally. Remembered per service. */
const hostPasswordVariable = perService(passwordVariableOf);

function passwordVariableOf(svc: ServiceView): string | undefined {
  for (const e of envEntries(svc)) {
    if (!PASSWORD_NAME.test(e.name) || !e.value) continue;
    const refs = interpolations(e.value);
    if (refs.length === 1) return refs[0].name;
    if (refs.length === 0 && !e.value.includes('://')) return e.name;
  }
  const command = svc.get(['command'])?.js;
  const text = Array.isArray(command) ? command.join(' ') : typeof command === 'string' ? command : '';
  return /--requirepass[=\s]+\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
}

function upperName(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * Literal secret env values in the file: value → name of the first variable that holds it (values never
 * leave the engine). Built once per model, not per URL asked about: that was quadratic in the services.
 */
function literalSecrets(services: ServiceView[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const svc of services) for (const [value, name] of serviceFacts(svc).literals) if (!out.has(value)) out.set(value, name);
  return out;
}

function who(services: ServiceView[]): string {
  const names = services.map((s) => `"${s.name}"`);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Where each user of a shared definition is: the definition is fixed once, its users are listed. */
function usersRelated(d: Definition): RelatedInfo[] | undefined {
  const shared = d.services.length > 1 || d.hit.via || d.services[0].file !== d.hit.file;
  if (!shared) return undefined;
  const anchor = d.hit.via?.via?.anchor;
  return d.services.map((s) => ({ file: s.file.path, range: s.keyRange, message: `used by "${s.name}"${anchor ? ` through &${anchor}` : ''}` }));
}

export const noHardcodedSecrets: Rule<ComposeContext> = {
  id: 'no-hardcoded-secrets',
  kind: 'compose',
  title: 'No secrets written in the compose file',
  rationale:
    'A password or API key in compose.yaml ends up in git history, CI logs, `docker inspect` and every copy of the repository. Read it from the environment (a `.env` file kept out of git, or the CI secret store) with `${NAME:?NAME must be set}`, so a missing secret stops the start instead of silently using an empty one; better still, use compose `secrets:`. A value written once (anchor, `x-` block, `extends`) is reported and fixed once, where it is written, with one variable name for all its users.',
  defaultSeverity: 'error',
  fixDescription: 'Replaces the literal with `${NAME:?NAME must be set}` (list form: `- NAME=${NAME:?NAME must be set}`) where it is written; a URL password reads the variable the stack already uses for it (the data store service\'s own, e.g. POSTGRES_PASSWORD). Move the value to `.env` first.',
  *check(ctx) {
    for (const [index, d] of secretDefinitions(ctx).entries()) {
      const message = `In ${who(d.services)}, ${d.hit.what}: read it from the environment as \${${d.name}:?…}.`;
      const draft: FindingDraft = { message, service: d.services[0].name, file: d.hit.file.path, range: d.hit.range, related: usersRelated(d), data: { index, name: d.name } };
      yield draft;
    }
  },
  fix(ctx, finding) {
    const d = secretDefinitions(ctx)[Number(finding.data?.index)];
    if (!d || d.name !== finding.data?.name || d.hit.file.path !== finding.file || d.hit.range.start !== finding.range.start) return undefined;
    const edit = substituteInScalar(d.hit.file, d.hit.node, d.hit.range.start, d.hit.range.end, required(d.name));
    return edit && { title: `Read ${d.name} from the environment`, edits: [edit], safe: false };
  },
};
