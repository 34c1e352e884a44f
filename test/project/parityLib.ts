/**
 * Parity with `docker-compose config` (1.29): our merged model vs the tool's resolved output, per
 * service, for image, ports, environment, volumes, depends_on, healthcheck and deploy, after
 * normalising the formats both accept (short/long syntax, list/map forms, relative paths).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../../server/src/engine/project/project';
import type { ProjectServiceView } from '../../server/src/engine/project/serviceView';
import { diskReader } from './support';

export const FIELDS = ['image', 'ports', 'environment', 'volumes', 'depends_on', 'healthcheck', 'deploy'] as const;
export const HOME = '/nonexistent-home';

export interface ParityCase {
  name: string;
  files: string[];
  projectDirectory: string;
  envFile?: string;
}

export interface ParityResult {
  case: ParityCase;
  accepted: boolean;
  /** First line of the tool's error when it rejects the files. */
  rejection?: string;
  mismatches: { service: string; field: string; ours: unknown; theirs: unknown }[];
  compared: number;
}

export function dockerComposeConfig(c: ParityCase): Promise<{ ok: boolean; out: string; err: string }> {
  const args = c.files.flatMap((f) => ['-f', f]);
  args.push('--project-directory', c.projectDirectory);
  if (c.envFile) args.push('--env-file', c.envFile);
  args.push('config');
  return new Promise((resolve) => {
    execFile('docker-compose', args, { cwd: c.projectDirectory, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME }, timeout: 60000 }, (error, stdout, stderr) => {
      resolve({ ok: !error, out: stdout, err: stderr });
    });
  });
}

export async function compare(c: ParityCase): Promise<ParityResult> {
  const tool = await dockerComposeConfig(c);
  if (!tool.ok) return { case: c, accepted: false, rejection: firstError(tool.err), mismatches: [], compared: 0 };
  const theirs = (parse(tool.out) ?? {}) as { services?: Record<string, Record<string, unknown>> };
  const project = loadProject({ files: c.files, projectDirectory: c.projectDirectory, envFile: c.envFile, read: diskReader(), environment: {} });
  const mismatches: ParityResult['mismatches'] = [];
  let compared = 0;
  const names = new Set([...Object.keys(theirs.services ?? {}), ...project.services.map((s) => s.name)]);
  for (const name of names) {
    const svc = project.service(name);
    const t = theirs.services?.[name];
    if (!svc || !t) {
      mismatches.push({ service: name, field: 'service', ours: !!svc, theirs: !!t });
      continue;
    }
    for (const field of FIELDS) {
      compared++;
      const a = normalise(field, ours(svc, field, c.projectDirectory));
      const b = normalise(field, unescapeDollars(t[field]));
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push({ service: name, field, ours: a, theirs: b });
    }
  }
  return { case: c, accepted: true, mismatches, compared };
}

function firstError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() && !/^WARNING|variable is not set/i.test(l));
  return lines.slice(0, 2).join(' ').replace(/\/work\/shared\/corpus\/compose\//g, '').slice(0, 220);
}

/** Our value of a field; volumes get bind sources resolved against the file that wrote them, as Compose does. */
function ours(svc: ProjectServiceView, field: string, projectDirectory: string): unknown {
  if (field !== 'volumes') return svc.get([field])?.js;
  const items = svc.items(['volumes']);
  if (!items.length) return undefined;
  return items.map((ref) => {
    // Override files resolve against the project directory; extends files against their own directory.
    const base = svc.definedIn.some((d) => d.file === ref.file) ? projectDirectory : path.dirname(ref.file.path);
    return resolveVolume(ref.js, base);
  });
}

function resolveVolume(js: unknown, base: string): unknown {
  const fix = (src: string) => (src.startsWith('~') ? HOME + src.slice(1) : /^\.{1,2}(\/|$)/.test(src) ? path.resolve(base, src) : src);
  if (typeof js === 'string') {
    const parts = js.split(':');
    if (parts.length >= 2) parts[0] = fix(parts[0]);
    return parts.join(':');
  }
  if (js && typeof js === 'object') {
    const o = { ...(js as Record<string, unknown>) };
    if (typeof o.source === 'string' && o.type === 'bind') o.source = fix(o.source);
    return o;
  }
  return js;
}

export function normalise(field: string, v: unknown): unknown {
  if (v === undefined || v === null) return field === 'environment' || field === 'deploy' || field === 'healthcheck' ? undefined : undefined;
  switch (field) {
    case 'ports':
      return (v as unknown[]).flatMap(portKeys).sort();
    case 'environment':
      return sortObject(envMap(v));
    case 'volumes':
      return (v as unknown[]).map(volumeKey).sort();
    case 'depends_on':
      return Array.isArray(v)
        ? Object.fromEntries(v.map(String).sort().map((n) => [n, 'service_started']))
        : sortObject(Object.fromEntries(Object.entries(v as Record<string, { condition?: string } | null>).map(([k, c]) => [k, c?.condition ?? 'service_started'])));
    case 'healthcheck': {
      const h = { ...(v as Record<string, unknown>) };
      if (typeof h.test === 'string') h.test = ['CMD-SHELL', h.test];
      if (h.disable === true) return { test: ['NONE'] };
      return deepNormalise(h);
    }
    case 'deploy':
      return deepNormalise(v);
    default:
      return v;
  }
}

function envMap(v: unknown): Record<string, string | null> {
  if (Array.isArray(v)) {
    return Object.fromEntries(v.map(String).map((s) => (s.includes('=') ? [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] : [s, null])));
  }
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x == null ? null : String(x)]));
}

/** One key per published port: `ip:published:target/proto`, ranges expanded. */
function portKeys(p: unknown): string[] {
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    return [`${o.host_ip ?? ''}:${o.published ?? ''}:${o.target}/${o.protocol ?? 'tcp'}`];
  }
  let s = String(p);
  let proto = 'tcp';
  if (s.includes('/')) [s, proto] = [s.slice(0, s.lastIndexOf('/')), s.slice(s.lastIndexOf('/') + 1)];
  const parts = s.split(':');
  const target = parts.pop()!;
  const published = parts.pop() ?? '';
  const ip = parts.join(':');
  const range = (r: string) => {
    const [a, b] = r.split('-').map(Number);
    return b ? Array.from({ length: b - a + 1 }, (_, i) => String(a + i)) : [r];
  };
  const targets = range(target);
  const pubs = published ? range(published) : targets.map(() => '');
  return targets.map((t, i) => `${ip}:${pubs[i] ?? ''}:${t}/${proto}`);
}

function volumeKey(v: unknown): string {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `${o.source ?? ''}>${trimSlash(String(o.target))}`;
  }
  const parts = String(v).split(':');
  if (parts.length === 1) return `>${trimSlash(parts[0])}`;
  return `${parts[0]}>${trimSlash(parts[1])}`;
}

function deepNormalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepNormalise);
  if (v && typeof v === 'object') return sortObject(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepNormalise(x)])));
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function sortObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Runs cases a few at a time: each docker-compose run is a Python process. */
export async function compareAll(cases: ParityCase[], concurrency = 3): Promise<ParityResult[]> {
  const results: ParityResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await compare(cases[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Compose normalises container paths: `/data/` and `/data` are the same mount target. */
function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** `config` output escapes `$` as `$$` so it can be read again; our model holds the interpolated value. */
function unescapeDollars(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\$/g, '$');
  if (Array.isArray(v)) return v.map(unescapeDollars);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescapeDollars(x)]));
  return v;
}
