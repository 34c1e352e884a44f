import { isScalar, isSeq, Node } from 'yaml';
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { envEntries, SECRET_NAME } from '../../compose/facts';
import type { Rule } from '../../rule';
import type { OffsetRange } from '../../text';
import { interpolations, required } from './stackFacts';
import { atValue, serviceOf, servicesOf } from './util';

interface Weak {
  name: string;
  /** Source range of the whole `${…}` expression. */
  range: OffsetRange;
  file: string;
  hasDefault: boolean;
  ref: ValueRef;
}

/** Scalars whose text compose interpolates and that commonly carry secrets. */
function scalarsOf(svc: ServiceView): { node: Node; ref: ValueRef; envKey?: string }[] {
  const out: { node: Node; ref: ValueRef; envKey?: string }[] = [];
  for (const e of envEntries(svc)) if (e.node) out.push({ node: e.node, ref: e.ref, envKey: e.name });
  for (const path of [['command'], ['entrypoint'], ['healthcheck', 'test']]) {
    const ref = svc.get(path);
    if (!ref?.node) continue;
    const nodes = isSeq(ref.node) ? ref.node.items.map((i) => ref.file.resolve(i)) : [ref.node];
    for (const n of nodes) if (n) out.push({ node: n, ref });
  }
  return out;
}

/** Secret-like variables referenced without `:?`: `${VAR}`, `$VAR`, `${VAR-x}`, `${VAR:-x}`. */
export function weakReferences(svc: ServiceView): Weak[] {
  const out: Weak[] = [];
  for (const { node, ref, envKey } of scalarsOf(svc)) {
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') continue;
    const src = ref.file.text.slice(node.range[0], node.range[1]);
    const vars = interpolations(src);
    for (const v of vars) {
      if (v.op !== '' && v.op !== '-' && v.op !== ':-') continue;
      // The variable's own name, or the env key it is the whole value of (`DB_PASSWORD: ${PGPASS:-x}`).
      const whole = envKey && vars.length === 1 && src.replace(/^["']|["']$/g, '').replace(/^[A-Za-z_][A-Za-z0-9_]*=/, '') === src.slice(v.start, v.end);
      if (!SECRET_NAME.test(v.name) && !(whole && SECRET_NAME.test(envKey!))) continue;
      out.push({ name: v.name, range: { start: node.range[0] + v.start, end: node.range[0] + v.end }, file: ref.file.path, hasDefault: v.op !== '', ref });
    }
  }
  return out;
}

export const requiredEnvFailFast: Rule<ComposeContext> = {
  id: 'required-env-fail-fast',
  kind: 'compose',
  title: 'Required secrets fail fast when unset',
  rationale:
    'A secret referenced as `${VAR}` becomes an empty string when VAR is unset, and `${VAR:-default}` silently falls back to a default that is in the repository (`${POSTGRES_PASSWORD:-difyai123456}`): the stack starts with no or a published password. `${VAR:?VAR must be set}` stops `docker compose up` with a clear message instead.',
  defaultSeverity: 'warning',
  fixDescription: 'Rewrites the reference to `${VAR:?VAR must be set}` (dropping the default).',
  *check(ctx) {
    for (const svc of servicesOf(ctx)) {
      for (const [index, weak] of weakReferences(svc).entries()) {
        const how = weak.hasDefault ? 'falls back to a default' : 'becomes empty';
        const draft = atValue(svc, weak.ref, `Secret ${weak.name} in "${svc.name}" ${how} when unset: require it with \${${weak.name}:?…}.`, { index, name: weak.name });
        if (!weak.ref.via) draft.range = weak.range;
        yield draft;
      }
    }
  },
  fix(ctx, finding) {
    const svc = serviceOf(ctx, finding);
    const weak = svc && weakReferences(svc)[Number(finding.data?.index)];
    if (!weak || weak.name !== finding.data?.name) return undefined;
    return { title: `Require ${weak.name} (fail when unset)`, edits: [{ file: weak.file, range: weak.range, newText: required(weak.name) }], safe: false };
  },
};
