import { isScalar, isSeq, Node } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { envEntries, SECRET_NAME } from '../../compose/facts';
import type { SourceFile } from '../../compose/sourceFile';
import type { FindingDraft, Rule } from '../../rule';
import type { OffsetRange } from '../../text';
import { interpolations, required, substituteInScalar } from './stackFacts';
import { atValue, serviceOf, servicesOf } from './util';

/** A literal value: not empty, not interpolated, not a secrets-file path. */
function isLiteral(value: string | null): value is string {
  return !!value && value.trim() !== '' && interpolations(value).length === 0 && !value.startsWith('/run/secrets/');
}

/** Command-line flags whose argument is a secret; redis-cli's `-a` too. */
const FLAG = /(--(?:requirepass|masterauth|password|passwd|pass|token|api-key|apikey|secret|auth-token)(?:=|\s+)|\bredis-cli\b[^|;&]*?\s-a\s+)([^\s"'$][^\s"']*)/g;
const BARE_FLAG = /^--(requirepass|masterauth|password|passwd|pass|token|api-key|apikey|secret|auth-token)$|^-a$/;
/** `scheme://user:password@host` with a literal password. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/$]+)@/gi;

interface Hit {
  kind: 'env' | 'url' | 'flag';
  node: Node;
  /** Source range of the secret text. */
  range: OffsetRange;
  /** Variable the fix reads the secret from. */
  name: string;
  what: string;
  /** Set when inherited from an anchor: reported at the service, fixed in the anchor. */
  via?: ValueRef;
}

function flagVariable(svc: ServiceView, flag: string): string {
  const f = flag.replace(/^-+|[=\s].*$/g, '');
  if (/requirepass|masterauth|^a$|redis-cli/.test(f) || /redis-cli/.test(flag)) return 'REDIS_PASSWORD';
  return `${svc.name}_${f}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** Literal secrets in the source text of one scalar (flags and URL credentials). */
function scanScalar(file: SourceFile, svc: ServiceView, node: Node, where: string, urlName: string | undefined, hits: Hit[]): void {
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return;
  // Most values hold neither a flag nor a URL with credentials: skip them before slicing and matching.
  const v = node.value;
  if (!v.includes('-') && !(v.includes('://') && v.includes('@'))) return;
  const src = file.text.slice(node.range[0], node.range[1]);
  for (const m of src.matchAll(FLAG)) {
    const start = node.range[0] + m.index! + m[1].length;
    hits.push({ kind: 'flag', node, range: { start, end: start + m[2].length }, name: flagVariable(svc, m[1]), what: `${where} passes a literal ${m[1].trim().replace(/=$/, '')} secret` });
  }
  for (const m of src.matchAll(URL_CREDENTIALS)) {
    const start = node.range[0] + m.index! + m[0].length - 1 - m[1].length;
    hits.push({ kind: 'url', node, range: { start, end: start + m[1].length }, name: urlName ?? `${svc.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_PASSWORD`, what: `${where} contains a URL with a literal password` });
  }
}

/** The scalars of command/entrypoint/healthcheck.test, with list-form `--flag value` pairs. */
function scanCommand(file: SourceFile, svc: ServiceView, path: string[], hits: Hit[]): void {
  const ref = svc.get(path);
  if (!ref?.node || ref.via) return;
  const where = path.join('.');
  if (isScalar(ref.node)) return scanScalar(file, svc, ref.node, where, undefined, hits);
  if (!isSeq(ref.node)) return;
  const items = ref.node.items.map((i) => file.resolve(i));
  items.forEach((node, i) => {
    if (!isScalar(node) || !node.range) return;
    const prev = items[i - 1];
    const text = String(node.value);
    const prevText = isScalar(prev) ? String(prev.value) : '';
    const redis = items.slice(0, i).some((n) => isScalar(n) && /redis-cli/.test(String(n.value)));
    if (BARE_FLAG.test(prevText) && (prevText !== '-a' || redis) && isLiteral(text)) {
      const r = node.range;
      const quoted = node.type !== 'PLAIN';
      hits.push({ kind: 'flag', node, range: { start: r[0] + (quoted ? 1 : 0), end: r[1] - (quoted ? 1 : 0) }, name: flagVariable(svc, prevText), what: `${where} passes a literal ${prevText} secret` });
    } else scanScalar(file, svc, node, where, undefined, hits);
  });
}

export function secretHits(ctx: ComposeContext, svc: ServiceView): Hit[] {
  const hits: Hit[] = [];
  const envs = envEntries(svc);
  for (const e of envs) {
    if (!e.node) continue;
    if (SECRET_NAME.test(e.name) && isLiteral(e.value)) {
      const quoted = e.form === 'map' && isScalar(e.node) && e.node.type !== 'PLAIN';
      const range = quoted ? { start: e.valueRange.start + 1, end: e.valueRange.end - 1 } : e.valueRange;
      hits.push({ kind: 'env', node: e.node, range, name: e.name, what: `${e.name} is written in the file`, via: e.ref.via ? e.ref : undefined });
    } else if (e.value) {
      // The URL's password is usually another service's secret: read it from the same variable.
      const password = [...e.value.matchAll(URL_CREDENTIALS)][0]?.[1];
      const same = password && literalSecrets(ctx).get(password);
      const before = hits.length;
      scanScalar(svc.file, svc, e.node, e.name, same || undefined, hits);
      if (e.ref.via) for (const h of hits.slice(before)) h.via = e.ref;
    }
  }
  for (const path of [['command'], ['entrypoint'], ['healthcheck', 'test']]) scanCommand(svc.file, svc, path, hits);
  return hits;
}

/**
 * Literal secret env values in the file: value → name of the first variable that holds it (values never
 * leave the engine). Built once per model, not per URL asked about: that was quadratic in the services.
 */
const secretsByModel = new WeakMap<object, Map<string, string>>();

function literalSecrets(ctx: ComposeContext): Map<string, string> {
  let out = secretsByModel.get(ctx.model);
  if (out) return out;
  out = new Map();
  for (const svc of servicesOf(ctx)) for (const e of envEntries(svc)) if (SECRET_NAME.test(e.name) && isLiteral(e.value) && !out.has(e.value)) out.set(e.value, e.name);
  secretsByModel.set(ctx.model, out);
  return out;
}

export const noHardcodedSecrets: Rule<ComposeContext> = {
  id: 'no-hardcoded-secrets',
  kind: 'compose',
  title: 'No secrets written in the compose file',
  rationale:
    'A password or API key in compose.yaml ends up in git history, CI logs, `docker inspect` and every copy of the repository. Read it from the environment (a `.env` file kept out of git, or the CI secret store) with `${NAME:?NAME must be set}`, so a missing secret stops the start instead of silently using an empty one; better still, use compose `secrets:`.',
  defaultSeverity: 'error',
  fixDescription: 'Replaces the literal with `${NAME:?NAME must be set}` (list form: `- NAME=${NAME:?NAME must be set}`); move the value to `.env` first.',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const [index, hit] of secretHits(ctx, svc).entries()) {
        const message = `In "${svc.name}", ${hit.what}: read it from the environment as \${${hit.name}:?…}.`;
        const draft: FindingDraft = hit.via ? atValue(svc, hit.via, message, { index, name: hit.name }) : { ...atValue(svc, { js: null, node: hit.node, file: svc.file }, message, { index, name: hit.name }), range: hit.range };
        yield draft;
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const hit = svc && secretHits(ctx, svc)[Number(finding.data?.index)];
    if (!hit || hit.name !== finding.data?.name) return undefined;
    const edit = substituteInScalar(svc.file, hit.node, hit.range.start, hit.range.end, required(hit.name));
    return edit && { title: `Read ${hit.name} from the environment`, edits: [edit], safe: false };
  },
};
