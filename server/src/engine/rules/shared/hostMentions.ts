/**
 * Where a service may name another service as a host, found once per service: URLs and host:port in
 * environment (map and list), command, entrypoint and healthcheck test, `DB_HOST: db`-style
 * variables, links and depends_on. Which of these names are hosts depends on the rest of the stack
 * (service names, container names, aliases), so the facts keep every candidate and the caller
 * (service-unreachable's hostUses) filters them by the stack's host table on each check.
 *
 * Remembered per service (perService): only what the service's merged value says, and no offsets
 * (the nodes of an untouched service move when text above it is edited): ranges are found when asked.
 */
import { isScalar, type Node } from 'yaml';
import { envEntries, perService } from '../../compose/facts';
import type { ServiceView, ValueRef } from '../../compose/model';
import { dependsOn } from './dependsOn';

// The scheme starts a word (`${URL:-http://…}` counts: compose uses the default when the variable is unset).
const URL_RE = /(?<![A-Za-z0-9+.])(?<![A-Za-z0-9+.]-)[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^\s/@?#'"]*@)?([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::(\d{1,5}))?(?=[\s/?#'",;)\]}:]|$)/g;
const HOST_PORT_RE = /(?<![A-Za-z0-9_.\-/:$%{\\])([A-Za-z0-9_][A-Za-z0-9_.-]*):(\d{1,5})(?![A-Za-z0-9_.\-:])/g;
/** Environment variables that hold a bare host name (`DB_HOST: db`). */
const HOST_KEY_RE = /(^|_)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;
/** Image references look like host:port (`redis:7`): values of these variables are not scanned for host:port. */
const IMAGE_KEY_RE = /(IMAGE|TAG|VERSION)/i;

export interface HostInText {
  host: string;
  /** Offset of the host name in the text. */
  index: number;
  /** The whole match (URL or host:port) and its offset. */
  match: string;
  matchIndex: number;
  /** The match without user and password, for messages. */
  shown: string;
}

/** Host names in a string: URL authorities and `host:port` with a numeric port of 80 or more. */
export function hostsInText(text: string, hostPort = true): HostInText[] {
  const out: HostInText[] = [];
  // A URL needs `://`, host:port a colon before a digit: most values have neither (`${LOG_LEVEL:-info}`), and skip the expressions.
  const urls = text.includes('://');
  const ports = hostPort && /:\d/.test(text);
  if (!urls && !ports) return out;
  const taken = new Set<number>();
  if (urls) for (const m of text.matchAll(URL_RE)) {
    const index = m.index! + m[0].length - m[1].length - (m[2] !== undefined ? m[2].length + 1 : 0);
    taken.add(index);
    // Shown without the user and password part: messages never carry credentials.
    const shown = `${m[0].slice(0, m[0].indexOf('://') + 3)}${m[1]}${m[2] !== undefined ? `:${m[2]}` : ''}`;
    out.push({ host: m[1], index, match: m[0], matchIndex: m.index!, shown });
  }
  if (ports) {
    for (const m of text.matchAll(HOST_PORT_RE)) {
      const port = Number(m[2]);
      // Ports under 80 are mostly image tags (`postgres:16`); 0 and above 65535 are no ports.
      if (taken.has(m.index!) || port < 80 || port > 65535) continue;
      out.push({ host: m[1], index: m.index!, match: m[0], matchIndex: m.index!, shown: m[0] });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** One scanned value: its host names share one search cursor when their ranges are found in the source. */
export interface ScannedValue {
  where: string;
  ref: ValueRef;
  hits: HostInText[];
  /** `DB_HOST: db`: the trimmed value, a host use of its own when it is a host (then `hits` do not count). */
  bare?: { value: string; from: number };
}

export interface HostMentions {
  /** Environment values, then command, entrypoint and healthcheck test, in source order. */
  values: ScannedValue[];
  /** `links:` items (`db:database` → db). */
  links: { name: string; ref: ValueRef }[];
  /** `depends_on`, with the setting's ref (entries point at their own nodes). */
  deps?: { ref: ValueRef; entries: { name: string; condition?: string; node: Node | null }[] };
}

/** The host mentions of a service, remembered for as long as its merged value lives. */
export const hostMentions = perService(mentionsOf);

function mentionsOf(svc: ServiceView): HostMentions {
  const values: ScannedValue[] = [];
  for (const e of envEntries(svc)) {
    if (e.value == null || !isScalar(e.node)) continue;
    const where = `environment ${e.name}`;
    const value = e.value.trim();
    const bare = HOST_KEY_RE.test(e.name) ? { value, from: e.form === 'list' ? e.name.length + 1 : 0 } : undefined;
    const hits = hostsInText(e.value, !IMAGE_KEY_RE.test(e.name));
    if (bare || hits.length) values.push({ where, ref: e.ref, hits, bare });
  }
  for (const [key, label] of [[['command'], 'command'], [['entrypoint'], 'entrypoint'], [['healthcheck', 'test'], 'healthcheck test']] as const) {
    const ref = svc.get(key);
    if (!ref) continue;
    const scan = (r: ValueRef, text: string) => {
      const hits = hostsInText(text, true);
      if (hits.length) values.push({ where: label, ref: r, hits });
    };
    if (typeof ref.js === 'string') scan(ref, ref.js);
    else if (Array.isArray(ref.js)) for (const item of svc.items(key)) if (typeof item.js === 'string') scan(item, item.js);
  }
  const links: HostMentions['links'] = [];
  for (const item of svc.items(['links'])) if (typeof item.js === 'string') links.push({ name: item.js.split(':')[0], ref: item });
  const d = dependsOn(svc);
  const deps = d && { ref: d.ref, entries: d.entries.map((e) => ({ name: e.name, condition: e.condition, node: e.node })) };
  return { values, links, deps };
}
