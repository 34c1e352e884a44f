import { isScalar, isSeq, Node } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { envEntries, imageOf, isDatabase, perService } from '../../compose/facts';
import { ComposeProject } from '../../project/project';
import { optionalInEnvExample } from '../../shared/envExample';
import { isPublicOrKeyId, isSecretFlag, isSecretName, secretFlagArguments, secretKindDependsOnScope } from '../../shared/secrets';
import type { Rule } from '../../rule';
import { ownText, type OffsetRange } from '../../text';
import { interpolations, required } from '../shared/stackFacts';
import { atValue, serviceOf, servicesOf } from '../shared/util';

interface Weak {
  name: string;
  /** Source range of the whole `${…}` expression. */
  range: OffsetRange;
  file: string;
  hasDefault: boolean;
  ref: ValueRef;
}

/** Scalars whose text compose interpolates and that commonly carry secrets. */
function scalarsOf(svc: ServiceView): { node: Node; ref: ValueRef; envKey?: string; afterFlag?: boolean }[] {
  const out: { node: Node; ref: ValueRef; envKey?: string; afterFlag?: boolean }[] = [];
  for (const e of envEntries(svc)) if (e.node) out.push({ node: e.node, ref: e.ref, envKey: e.name });
  for (const path of [['command'], ['entrypoint'], ['healthcheck', 'test']]) {
    const ref = svc.get(path);
    if (!ref?.node) continue;
    const nodes = isSeq(ref.node) ? ref.node.items.map((i) => ref.file.resolve(i)) : [ref.node];
    // List form: `[redis-server, --requirepass, "${REDIS_PASSWORD}"]` — the item after a secret flag is its argument.
    nodes.forEach((n, i) => {
      const prev = nodes[i - 1];
      if (n) out.push({ node: n, ref, afterFlag: isScalar(prev) && isSecretFlag(String(prev.value)) });
    });
  }
  return out;
}

/** A `${VAR}` of one service that is reported or not depending on the rest of the stack (see weakReferences). */
interface Candidate {
  name: string;
  node: Node;
  ref: ValueRef;
  /** Offsets of the whole `${…}` in the scalar's source text (the scalar moves with edits above it: added when reporting). */
  start: number;
  end: number;
  hasDefault: boolean;
  /** Public key or key id; undefined when that depends on the names in scope (an access key). */
  publicOrKeyId: boolean | undefined;
  /** Secret by its own name, by the env key it is the whole value of, or as a secret flag's argument; undefined: depends on the names in scope. */
  secretAlone: boolean | undefined;
  /** What secretAlone is judged from, for the scoped case. */
  envKey?: string;
  whole: boolean;
  inFlag: boolean;
}

/** What one service contributes to this rule, from its merged value alone: remembered per service while typing. */
interface ServiceFacts {
  candidates: Candidate[];
  /** Credential variables the service itself consumes (its own server password, a secret flag's argument). */
  credentials: string[];
  /** `scheme://user:${VAR}@host`: variables consumed when host is a service of the stack. */
  urlCredentials: { host: string; names: string[] }[];
}

// The password's parts are unambiguous (a `$` starts `${…}` or stands alone): with overlapping
// alternatives, `${A}${A}…` without an `@` backtracked exponentially (a server hang, issue 10).
// The scheme is bounded so that a long run of letters is not rescanned from every position.
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]*:((?:\$\{[^}]*\}|\$(?!\{)|[^\s@/$])+)@([^\s:/?#]+)/gi;

const serviceFacts = perService((svc: ServiceView): ServiceFacts => {
  const facts: ServiceFacts = { candidates: [], credentials: [], urlCredentials: [] };
  const server = isDatabase(imageOf(svc));
  for (const { node, ref, envKey, afterFlag } of scalarsOf(svc)) {
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') continue;
    const raw = ref.file.text.slice(node.range[0], node.range[1]);
    if (!raw.includes('$')) continue;
    // Names and hosts below are slices of this: it must not be a slice of the whole text, or the facts
    // perService remembers across edits would keep every version of the file's text alive (ownText).
    const src = ownText(raw);
    const vars = interpolations(src);
    const flagArgs = secretFlagArguments(src);
    // Credentials the stack consumes (see the rationale).
    if (afterFlag) for (const v of vars) facts.credentials.push(v.name);
    // The server's own password (`POSTGRES_PASSWORD: ${DB_PASSWORD}` in the postgres service).
    if (server && envKey && isSecretName(envKey)) for (const v of vars) facts.credentials.push(v.name);
    // `--requirepass ${REDIS_AUTH}`: the service itself checks it.
    for (const a of flagArgs) for (const v of vars) if (v.start >= a.start && v.end <= a.end) facts.credentials.push(v.name);
    // `postgresql://app:${DB_PASSWORD}@db:5432/app`: consumed when db is a service of this stack.
    for (const m of src.matchAll(URL_WITH_PASSWORD)) {
      const start = m.index! + m[0].indexOf(m[1], m[0].indexOf('://') + 3);
      const names = vars.filter((v) => v.start >= start && v.end <= start + m[1].length).map((v) => v.name);
      if (names.length) facts.urlCredentials.push({ host: m[2], names });
    }
    // References that may be weak.
    for (const v of vars) {
      if (v.op !== '' && v.op !== '-' && v.op !== ':-') continue;
      const hasDefault = v.op !== '';
      if (hasDefault && v.arg === '') continue;
      // The variable's own name, the env key it is the whole value of (`DB_PASSWORD: ${PGPASS:-x}`), or a secret flag's argument.
      const whole = !!envKey && vars.length === 1 && src.replace(/^["']|["']$/g, '').replace(/^[A-Za-z_][A-Za-z0-9_]*=/, '') === src.slice(v.start, v.end);
      const inFlag = !!afterFlag || flagArgs.some((a) => v.start >= a.start && v.end <= a.end);
      const scoped = secretKindDependsOnScope(v.name) || (whole && secretKindDependsOnScope(envKey!));
      const publicOrKeyId = secretKindDependsOnScope(v.name) ? undefined : isPublicOrKeyId(v.name);
      if (publicOrKeyId) continue;
      const secretAlone = scoped ? undefined : isSecretName(v.name) || (whole && isSecretName(envKey!)) || inFlag;
      facts.candidates.push({ name: v.name, node, ref, start: v.start, end: v.end, hasDefault, publicOrKeyId, secretAlone, envKey, whole, inFlag });
    }
  }
  return facts;
});

/** The credential variables services of this stack consume (see the rationale); computed once per model from the services' facts. */
const stackCredentialsByModel = new WeakMap<object, Set<string>>();

function stackCredentials(ctx: ComposeContext): Set<string> {
  let out = stackCredentialsByModel.get(ctx.model);
  if (out) return out;
  out = new Set<string>();
  const services = [...servicesOf(ctx)];
  const hosts = new Set(services.map((s) => s.name));
  for (const svc of services) {
    const facts = serviceFacts(svc);
    for (const name of facts.credentials) out.add(name);
    for (const u of facts.urlCredentials) if (hosts.has(u.host)) for (const name of u.names) out.add(name);
  }
  stackCredentialsByModel.set(ctx.model, out);
  return out;
}

/** Variables the project's `.env.example` marks optional (commented out, or "optional"); empty without a project on disk. */
const optionalByModel = new WeakMap<object, Set<string>>();

function optionalVariables(ctx: ComposeContext): Set<string> {
  let out = optionalByModel.get(ctx.model);
  if (out) return out;
  const text = ctx.model instanceof ComposeProject ? ctx.model.envExampleText() : undefined;
  out = text ? optionalInEnvExample(text) : new Set();
  optionalByModel.set(ctx.model, out);
  return out;
}

/** Per model and file: built once, not once per service that asks (that made the rule quadratic in the services). */
const namesByModel = new WeakMap<object, WeakMap<object, Set<string>>>();

/**
 * Every variable name the file interpolates or sets: tells key ids from keys (`MINIO_ACCESS_KEY` beside
 * `MINIO_SECRET_KEY`). Built only when an access key asks (it reads the whole text).
 */
function namesInScope(ctx: ComposeContext): Set<string> {
  const byFile = namesByModel.get(ctx.model) ?? new WeakMap<object, Set<string>>();
  namesByModel.set(ctx.model, byFile);
  let names = byFile.get(ctx.file);
  if (names) return names;
  names = new Set<string>();
  for (const svc of servicesOf(ctx)) for (const e of envEntries(svc)) names.add(e.name);
  for (const m of ctx.file.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  byFile.set(ctx.file, names);
  return names;
}

/**
 * Secrets that would silently start empty or with a published default: a secret-like variable with a
 * literal fallback (`${SECRET_KEY:-changeme}`), or a credential a service of this stack consumes
 * referenced without `:?`. An empty default (`${VAR:-}`, `${VAR-}`) is an explicit opt-out, and a
 * secret only one integration reads (`${OPENAI_API_KEY}`) is optional.
 */
export function weakReferences(svc: ServiceView, ctx: ComposeContext): Weak[] {
  const out: Weak[] = [];
  for (const c of serviceFacts(svc).candidates) {
    let { publicOrKeyId, secretAlone } = c;
    if (publicOrKeyId === undefined || secretAlone === undefined) {
      const names = namesInScope(ctx);
      publicOrKeyId = isPublicOrKeyId(c.name, names);
      secretAlone = isSecretName(c.name, names) || (c.whole && isSecretName(c.envKey!, names)) || c.inFlag;
    }
    if (publicOrKeyId) continue;
    const consumed = stackCredentials(ctx).has(c.name);
    if (!consumed && !secretAlone) continue;
    if (!c.hasDefault && (!consumed || optionalVariables(ctx).has(c.name))) continue;
    const at = c.node.range![0];
    out.push({ name: c.name, range: { start: at + c.start, end: at + c.end }, file: c.ref.file.path, hasDefault: c.hasDefault, ref: c.ref });
  }
  return out;
}

export const requiredEnvFailFast: Rule<ComposeContext> = {
  id: 'required-env-fail-fast',
  kind: 'compose',
  title: 'Required secrets fail fast when unset',
  rationale:
    'A secret referenced as `${VAR:-default}` silently falls back to a default that is in the repository (`${POSTGRES_PASSWORD:-difyai123456}`, `--requirepass ${REDIS_AUTH:-myredissecret}`), and a credential referenced as `${VAR}` becomes an empty string when VAR is unset: the stack starts with a published or no password. `${VAR:?VAR must be set}` stops `docker compose up` with a clear message instead. The rule decides "required" from evidence, not from the name alone: it reports a secret-like variable (shared classifier: `*_PASSWORD`, `*_PWD`, `*_SECRET_KEY`, `*_AUTH`, …, or the argument of `--password`/`--requirepass`) with a literal fallback, and a secret without `:?` that a service of this stack consumes: the password of a database/cache service (`POSTGRES_PASSWORD: ${DB_PASSWORD}`), a `--requirepass` argument, or the password in a URL whose host is a service of the stack (`postgresql://app:${DB_PASSWORD}@db/app`), wherever that variable is used. It stays silent on optional integrations read by one client (`${OPENAI_API_KEY}`, `${LANGCHAIN_API_KEY}`), on an explicit empty default (`${VAR:-}`, `${VAR-}`: optional by choice), and on public keys and key ids. When the project is read from disk, a `.env.example` (or `env.example`) beside it counts as evidence too: a credential commented out there or marked optional is optional and not reported without a default (a literal fallback is still reported).',
  defaultSeverity: 'warning',
  fixDescription: 'Rewrites the reference to `${VAR:?VAR must be set}` (dropping the default).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const [index, weak] of weakReferences(svc, ctx).entries()) {
        const message = weak.hasDefault
          ? `Secret ${weak.name} in "${svc.name}" falls back to a default written in the file when unset: require it with \${${weak.name}:?…}.`
          : `Credential ${weak.name} in "${svc.name}" is used by a service of this stack and becomes empty when unset: require it with \${${weak.name}:?…}.`;
        const draft = atValue(svc, weak.ref, message, { index, name: weak.name });
        if (!weak.ref.via) draft.range = weak.range;
        yield draft;
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const weak = svc && weakReferences(svc, ctx)[Number(finding.data?.index)];
    if (!weak || weak.name !== finding.data?.name) return undefined;
    return { title: `Require ${weak.name} (fail when unset)`, edits: [{ file: weak.file, range: weak.range, newText: required(weak.name) }], safe: false };
  },
};
