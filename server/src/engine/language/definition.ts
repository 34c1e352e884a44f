/** Go to definition: service names (depends_on, links, extends, network_mode), networks, volumes, secrets, configs, aliases. */
import { isAlias, isMap, isScalar, Node } from 'yaml';
import { keyString } from '../compose/mapping';
import type { SourceFile } from '../compose/sourceFile';
import type { ComposeProject, Section } from '../project/project';
import { namedVolume } from '../project/references';
import type { OffsetRange } from '../text';
import { locate, scalarText } from './locate';

export interface Location {
  file: string;
  range: OffsetRange;
}

export function definitionAt(project: ComposeProject, filePath: string, offset: number): Location[] {
  const file = project.fileAt(filePath);
  const at = file && locate(file, offset);
  if (!file || !at) return [];
  if (isAlias(at.node)) {
    const target = anchorNode(file, at.node.source);
    return target ? [{ file: file.path, range: file.rangeOf(target) }] : [];
  }
  const [section, svcName, setting, ...rest] = at.path;
  if (section !== 'services' || typeof svcName !== 'string' || typeof setting !== 'string') return [];
  const text = scalarText(at.node);
  const key = at.onKey ? String(at.path[at.path.length - 1]) : undefined;
  const defs = (s: Section, name: string | undefined) => (name ? definitionsOf(project, s, name) : []);
  switch (setting) {
    case 'depends_on':
      return rest.length === 1 ? defs('services', key ?? text) : [];
    case 'links':
    case 'volumes_from':
      return defs('services', text?.split(':')[0]);
    case 'network_mode':
    case 'ipc':
    case 'pid':
      return text?.startsWith('service:') ? defs('services', text.slice(8)) : [];
    case 'extends': {
      if (rest.length === 1 && rest[0] === 'file') return [];
      const ref = project.extendsRefs.find((r) => r.file === file && r.nameNode && within(r.nameNode, offset));
      return ref?.found ? [{ file: ref.found.file.path, range: ref.found.file.rangeOf(ref.found.keyNode) }] : [];
    }
    case 'networks':
      return rest.length === 1 ? defs('networks', key ?? text) : [];
    case 'volumes':
      return defs('volumes', rest.length === 1 ? namedVolume(text) : rest[1] === 'source' ? text : undefined);
    case 'secrets':
    case 'configs':
      return defs(setting, rest.length === 1 ? text : rest[1] === 'source' ? text : undefined);
  }
  return [];
}

export function definitionsOf(project: ComposeProject, section: Section, name: string): Location[] {
  return (project.definitions.get(section)?.get(name) ?? []).map((d) => ({ file: d.file.path, range: d.file.rangeOf(d.keyNode) }));
}

function within(node: Node, offset: number): boolean {
  return !!node.range && offset >= node.range[0] && offset <= node.range[1];
}

/** The node that carries `&name` (the last one before use wins in YAML; searching the whole doc is fine for hovers). */
export function anchorNode(file: SourceFile, name: string): Node | undefined {
  let found: Node | undefined;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if ((node as { anchor?: string }).anchor === name && !isAlias(node)) found = node as Node;
    if (isMap(node)) for (const p of node.items) {
      visit(p.key);
      visit(p.value);
    }
    else if ((node as { items?: unknown[] }).items) for (const i of (node as { items: unknown[] }).items) visit(i);
  };
  visit(file.doc?.contents);
  return found;
}

export { isScalar, keyString };
