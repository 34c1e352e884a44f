/** Small helpers most compose rules share. */
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { anchorRelated, keyRange, reportRange } from '../../compose/facts';
import { joinPointInserts } from '../../edits/editModel';
import { fileStyle, insertKey, isMap, setPath } from '../../edits/yamlEdit';
import type { Finding, Fix, FindingDraft, RuleMeta, TextEdit } from '../../rule';

/** Per model (its services are fixed once it is built): about forty rules walk them on every check. */
const mappingServices = new WeakMap<object, readonly ServiceView[]>();

/** Services that are mappings (a malformed service is reported by the shape rule, not by every rule). */
export function servicesOf(ctx: ComposeContext): readonly ServiceView[] {
  let list = mappingServices.get(ctx.model);
  if (!list) mappingServices.set(ctx.model, (list = ctx.model.services.filter((svc) => svc.node)));
  return list;
}

/** What a rule made from a spec (one shape, several rules) shows about itself: a compose rule about each service alone. */
export function serviceRuleMeta(spec: Pick<RuleMeta, 'id' | 'title' | 'rationale' | 'defaultSeverity'>): RuleMeta {
  return { id: spec.id, kind: 'compose', title: spec.title, rationale: spec.rationale, defaultSeverity: spec.defaultSeverity, scope: 'service' };
}

/** Finding on the service key: something is missing. */
export function missing(svc: ServiceView, message: string, data?: Record<string, unknown>): FindingDraft {
  return { message, service: svc.name, file: svc.file.path, range: svc.keyRange, data };
}

/** Finding on a value that is wrong (or on the service key, with the anchor as related info, when inherited). */
export function atValue(svc: ServiceView, ref: ValueRef, message: string, data?: Record<string, unknown>): FindingDraft {
  return { message, service: svc.name, ...reportRange(svc, ref), related: anchorRelated(ref), data };
}

/** Finding on the key of a setting (e.g. `privileged:`). */
export function atKey(svc: ServiceView, ref: ValueRef, message: string, data?: Record<string, unknown>): FindingDraft {
  return { message, service: svc.name, ...keyRange(svc, ref), related: anchorRelated(ref), data };
}

export function serviceOf(ctx: ComposeContext, finding: Finding): ServiceView | undefined {
  const svc = finding.service ? ctx.model.service(finding.service) : undefined;
  return svc?.node ? svc : undefined;
}

/** Fix that inserts `path: value` into the service, merging into existing parent maps. */
export function insertFix(ctx: ComposeContext, finding: Finding, path: string[], value: unknown, title: string, safe = true): Fix | undefined {
  const svc = serviceOf(ctx, finding);
  if (!svc?.node) return undefined;
  const edit = setPath(svc.file, svc.node, path, value);
  return edit ? { title, edits: [edit], safe } : undefined;
}

/**
 * Joins point inserts at the same offset into one edit, in array order. Editors and applyEdits
 * disagree on the order of same-point inserts, so a fix must never rely on it.
 */
export function combineEdits(edits: readonly (TextEdit | undefined)[]): TextEdit[] {
  return joinPointInserts(edits);
}

/**
 * Edit that declares `name` under a top-level section (`volumes`, `networks`) of the file the
 * finding is in: no edit when it is already declared, ok: false when the section cannot be edited.
 */
export function topLevelEntry(ctx: ComposeContext, section: string, name: string, value: unknown = {}): { edit?: TextEdit; ok: boolean } {
  const root = ctx.file.root;
  if (!root) return { ok: false };
  const ref = ctx.model.top(section);
  if (!ref) return { ok: true, edit: insertKey(ctx.file, root, section, { [name]: value }) };
  if (ref.js && typeof ref.js === 'object' && name in (ref.js as object)) return { ok: true };
  if (ref.via || ref.file !== ctx.file) return { ok: false };
  if (isMap(ref.node)) return { ok: true, edit: insertKey(ref.file, ref.node, name, value) };
  if (ref.js == null && ref.keyNode?.range && (!ref.node?.range || ref.node.range[0] === ref.node.range[1])) {
    // `volumes:` with nothing after it: add the first entry on the next line.
    const at = ctx.file.lines.lineEnd(ctx.file.lines.lineOf(ref.keyNode.range[1]));
    const pad = ' '.repeat(fileStyle(ctx.file).unit);
    return { ok: true, edit: { file: ctx.file.path, range: { start: at, end: at }, newText: `\n${pad}${name}: {}` } }; // only used with {} values
  }
  return { ok: false };
}
