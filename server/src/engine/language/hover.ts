/**
 * Hover: the effective (merged) value of a service or setting and where each part comes from,
 * e.g. "published by compose.override.yaml:12", "inherited from x-defaults", "enabled by profile gpu".
 */
import path from 'node:path';
import { isAlias, stringify } from 'yaml';
import { keyString } from '../compose/mapping';
import type { SourceFile } from '../compose/sourceFile';
import type { MNode, Origin } from '../project/merge';
import type { ComposeProject } from '../project/project';
import { locate } from './locate';
import { maskedValue } from './mask';

const VERBS: Record<string, string> = { ports: 'published by', expose: 'exposed by', volumes: 'mounted by', environment: 'set by', image: 'set by' };

export function hoverAt(project: ComposeProject, filePath: string, offset: number): string | undefined {
  const file = project.fileAt(filePath);
  const at = file && locate(file, offset);
  if (!file || !at) return undefined;
  if (isAlias(at.node)) {
    const target = file.resolve(at.node);
    return `Alias of \`&${at.node.source}\`${target ? ` (${where({ file, node: target })})` : ''}`;
  }
  const [section, name, ...rest] = at.path;
  if (section !== 'services' || typeof name !== 'string') return undefined;
  const svc = project.service(name);
  if (!svc) return undefined;
  const settingPath = rest.map(String);
  const lines: string[] = [];
  if (settingPath.length === 0) {
    lines.push(`**Service \`${name}\`** as Compose runs it`);
    const profiles = svc.profiles;
    lines.push(profiles.length ? `Enabled by profile ${profiles.map((p) => `\`${p}\``).join(', ')} (\`docker compose --profile ${profiles[0]} up\`)` : 'Always started (no profile)');
    lines.push(`Defined in ${svc.definedIn.map((d) => where({ file: d.file, node: d.keyNode })).join(', then ')}`);
    for (const [key, m] of svc.merged.entries ?? []) {
      const from = origins(m);
      if (from.length) lines.push(`- \`${key}\`: ${from.join('; ')}`);
    }
    lines.push('```yaml\n' + stringify({ [name]: maskedValue(svc.merged) }).trimEnd() + '\n```');
    return lines.join('\n\n');
  }
  // On a setting: show the whole setting (first key under the service) or the item under the cursor.
  const target = settingPath;
  const m = svc.at(target);
  if (!m) return `\`${target.join('.')}\` of \`${name}\` is removed by a later file (\`!reset\`) or not in effect.`;
  const verb = VERBS[String(target[0])] ?? 'set by';
  lines.push(`**\`${target.join('.')}\`** of \`${name}\` (effective value)`);
  lines.push('```yaml\n' + stringify({ [String(target[target.length - 1])]: maskedValue(m, String(target[target.length - 1])) }).trimEnd() + '\n```');
  if (m.kind === 'seq') {
    for (const item of m.items!) lines.push(`- \`${short(maskedValue(item))}\` ${describe(item.origin, verb)}`);
  } else if (m.kind === 'map' && m.entries!.size <= 30) {
    for (const [k, v] of m.entries!) lines.push(`- \`${k}\` ${describe(v.origin, verb)}`);
  } else {
    lines.push(`${capital(describe(m.origin, verb))}`);
  }
  if (m.contributors && m.contributors.length > 1) lines.push(`Merged from ${m.contributors.map((o) => where(o)).join(' + ')}`);
  return lines.join('\n\n');
}

function origins(m: MNode): string[] {
  const list = m.contributors ?? [m.origin];
  return [...new Set(list.map((o) => describe(o, 'from')))];
}

function describe(o: Origin, verb: string): string {
  const parts = [`${verb} ${where(o)}`];
  if (o.via) parts.push(`inherited from ${anchorOwner(o.via.file, o.via.anchor) ?? '&' + o.via.anchor}`);
  if (o.note) parts.push(`via ${o.note}`);
  return parts.join(', ');
}

export function where(o: { file: { path: string; lines: { lineOf(n: number): number } }; node?: { range?: [number, number, number] | null } | null; keyNode?: { range?: [number, number, number] | null } | null }): string {
  const range = o.keyNode?.range ?? o.node?.range;
  const line = range ? o.file.lines.lineOf(range[0]) + 1 : undefined;
  return `${path.basename(o.file.path)}${line ? `:${line}` : ''}`;
}

function short(js: unknown): string {
  const s = typeof js === 'string' ? js : JSON.stringify(js);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The top-level key whose value carries an anchor (`x-defaults: &defaults`), for "inherited from x-defaults". */
function anchorOwner(file: SourceFile, anchor: string): string | undefined {
  for (const pair of file.root?.items ?? []) {
    if ((pair.value as { anchor?: string } | null)?.anchor === anchor) return keyString(pair.key);
  }
  return undefined;
}
