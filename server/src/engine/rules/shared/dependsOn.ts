/** `depends_on` in list and map form, shared by the depends-on rules. */
import { isMap, isScalar, isSeq, Node } from 'yaml';
import type { ServiceView, ValueRef } from '../../compose/model';
import { effectiveEntries } from '../../compose/mapping';
import { perService } from '../../compose/facts';

export interface DependsEntry {
  name: string;
  condition?: string;
  /** List item, or the entry's key in map form. */
  node: Node | null;
  /** Entry value (map form): a mapping, or null for `db:` with nothing. */
  value: Node | null;
  conditionNode?: Node | null;
}

export interface DependsOn {
  ref: ValueRef;
  form: 'list' | 'map';
  entries: readonly DependsEntry[];
}

/** The service's `depends_on` (remembered per service: the rules that compare services ask for every one on every check; do not change it). */
export const dependsOn: (svc: ServiceView) => DependsOn | undefined = perService(readDependsOn);

function readDependsOn(svc: ServiceView): DependsOn | undefined {
  const ref = svc.get(['depends_on']);
  if (!ref) return undefined;
  const file = ref.file;
  if (isSeq(ref.node)) {
    const entries = ref.node.items.map((item) => file.resolve(item) ?? null).filter((n) => isScalar(n)).map((n) => ({ name: String((n as { value: unknown }).value), node: n, value: null }));
    return { ref, form: 'list', entries };
  }
  if (isMap(ref.node)) {
    const entries: DependsEntry[] = [];
    for (const [name, entry] of effectiveEntries(file, ref.node)) {
      const value = entry.value;
      const cond = isMap(value) ? effectiveEntries(file, value).get('condition') : undefined;
      entries.push({ name, node: entry.keyNode, value, condition: cond && isScalar(cond.value) ? String(cond.value.value) : undefined, conditionNode: cond?.value });
    }
    return { ref, form: 'map', entries };
  }
  return undefined;
}
