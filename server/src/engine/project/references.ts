/** Names a service refers to (services, networks, volumes, secrets, configs), each with the node where it is written. */
import { isMap, isScalar, isSeq, Node } from 'yaml';
import type { ComposeModel, ServiceView, ValueRef } from '../compose/model';
import type { SourceFile } from '../compose/sourceFile';
import type { OffsetRange } from '../text';
import { splitVolume } from './merge';
import type { Section } from './project';

export interface Reference {
  section: Exclude<Section, 'services'> | 'services';
  name: string;
  /** Service holding the reference. */
  service: string;
  /** Setting the name appears in, e.g. "depends_on". */
  setting: string;
  file: SourceFile;
  range: OffsetRange;
}

export function referencesOf(svc: ServiceView): Reference[] {
  const out: Reference[] = [];
  const push = (section: Reference['section'], setting: string, name: string, ref: ValueRef, node: Node | null | undefined) => {
    if (!name) return;
    const at = node ?? ref.node;
    out.push({ section, setting, name, service: svc.name, file: ref.file, range: ref.file.rangeOf(at) });
  };
  // Sequence or mapping of names: the item, or the key of the entry.
  const names = (setting: string, section: Reference['section'], pick: (s: string) => string | undefined = (s) => s) => {
    const ref = svc.get([setting]);
    if (!ref) return;
    if (isSeq(ref.node) || Array.isArray(ref.js)) {
      for (const item of svc.items([setting])) if (typeof item.js === 'string') push(section, setting, pick(item.js) ?? '', item, item.node);
    } else if (ref.js && typeof ref.js === 'object') {
      for (const key of svc.keys([setting])) {
        const entry = svc.get([setting, key]);
        if (entry) push(section, setting, key, entry, entry.keyNode);
      }
    }
  };
  names('depends_on', 'services');
  names('links', 'services', (s) => s.split(':')[0]);
  names('volumes_from', 'services', (s) => (s.startsWith('container:') ? undefined : s.split(':')[0]));
  names('networks', 'networks');
  for (const key of ['network_mode', 'ipc', 'pid']) {
    const ref = svc.get([key]);
    if (typeof ref?.js === 'string' && ref.js.startsWith('service:')) push('services', key, ref.js.slice(8), ref, ref.node);
  }
  for (const item of svc.items(['volumes'])) {
    const name = namedVolume(item.js);
    if (name) push('volumes', 'volumes', name, item, isMap(item.node) ? sourceNode(item.node) : item.node);
  }
  for (const setting of ['secrets', 'configs'] as const) {
    for (const item of svc.items([setting])) {
      const name = typeof item.js === 'string' ? item.js : (item.js as { source?: unknown } | null)?.source;
      if (typeof name === 'string') push(setting, setting, name, item, isMap(item.node) ? sourceNode(item.node) : item.node);
    }
  }
  return out;
}

function sourceNode(map: { items: { key: unknown; value: unknown }[] }): Node | null {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === 'source');
  return (pair?.value as Node | null) ?? null;
}

/** The named volume of a service volume entry (not a bind mount or tmpfs), if any. */
export function namedVolume(js: unknown): string | undefined {
  if (js && typeof js === 'object') {
    const o = js as { type?: string; source?: string };
    return (o.type ?? 'volume') === 'volume' && typeof o.source === 'string' ? o.source : undefined;
  }
  if (typeof js !== 'string') return undefined;
  const parts = splitVolume(js);
  if (parts.length < 2) return undefined; // anonymous volume
  const source = parts[0];
  if (!source || /^[./~$\\]/.test(source) || /^[A-Za-z]:/.test(source)) return undefined;
  return source;
}

/** Names defined in a section of the model (services by the model, others by the merged top-level mapping). */
export function definedNames(model: ComposeModel, section: Reference['section']): Set<string> {
  if (section === 'services') return new Set(model.services.map((s) => s.name));
  const js = model.top(section)?.js;
  const names = new Set(js && typeof js === 'object' ? Object.keys(js as object) : []);
  if (section === 'networks') names.add('default');
  return names;
}

/** Settings that take a network mode rather than a network name: a service on `host` has no networks to define. */
export function isBuiltInNetworkName(name: string): boolean {
  return name === 'default' || name === 'host' || name === 'bridge' || name === 'none';
}
