/** Small helpers most compose rules share. */
import type { ComposeContext } from '../../compose/context';
import type { ServiceView, ValueRef } from '../../compose/model';
import { anchorRelated, keyRange, reportRange } from '../../compose/facts';
import { setPath } from '../../edits/yamlEdit';
import type { Finding, Fix, FindingDraft } from '../../rule';

/** Services that are mappings (a malformed service is reported by the shape rule, not by every rule). */
export function* servicesOf(ctx: ComposeContext): Iterable<ServiceView> {
  for (const svc of ctx.model.services) if (svc.node) yield svc;
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
