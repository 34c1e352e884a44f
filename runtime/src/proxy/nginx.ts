/**
 * The reverse proxy a zero-downtime deploy switches: nginx in a compose service, its sites in a
 * host directory bind-mounted on /etc/nginx/conf.d, and one `proxy_pass http://SERVICE;` per app
 * service behind it. Deploy owns one file there per upstream, `ai-stack-upstream-SERVICE.conf`
 * (`upstream SERVICE { server IP:PORT; … }`), rewritten from the containers that are ready, then
 * `nginx -t` and `nginx -s reload`: new workers take new connections, the old ones finish the
 * requests in flight and exit. No connection is refused at any moment.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { toJS } from '../../../server/src/engine/project/merge';
import type { Parsed } from '../tasks/definition';
import type { TaskProject } from '../tasks/project';
import { execIn } from './exec';

export const CONF_DIR_IN_CONTAINER = '/etc/nginx/conf.d';

export interface ProxyLayout {
  /** The compose service running nginx. */
  proxyService: string;
  /** Host directory mounted on /etc/nginx/conf.d. */
  confDir: string;
  /** The app service behind the proxy; also the upstream's name. */
  service: string;
  /** Container port the app listens on. */
  port: number;
  /** The file deploy writes. */
  upstreamFile: string;
}

export const LAYOUT_HELP = `Expected layout (see docs/deploy.md):
  proxy:   an nginx service with a host directory mounted on ${CONF_DIR_IN_CONTAINER} (e.g. ./proxy:${CONF_DIR_IN_CONTAINER}:ro)
  site:    a *.conf there with  proxy_pass http://SERVICE;  (SERVICE = the compose service behind the proxy)
  service: SERVICE declares its port with expose: ["8000"] (no container_name, no fixed host port)
  deploy writes ai-stack-upstream-SERVICE.conf in that directory (upstream SERVICE { server IP:PORT; }).`;

export function upstreamFileName(service: string): string {
  return `ai-stack-upstream-${service}.conf`;
}

interface Mount {
  source: string;
  target: string;
}

function bindMounts(project: TaskProject, service: string): Mount[] {
  const view = project.model.services.find((s) => s.name === service);
  const js = view ? toJS(view.at(['volumes'])) : undefined;
  if (!Array.isArray(js)) return [];
  const out: Mount[] = [];
  for (const v of js) {
    let source: string | undefined;
    let target: string | undefined;
    if (typeof v === 'string') {
      const parts = v.split(':');
      if (parts.length >= 2) [source, target] = parts;
    } else if (v && typeof v === 'object') {
      const o = v as { type?: string; source?: string; target?: string };
      if (o.type === 'bind' || (o.source && /^[./~]/.test(o.source))) [source, target] = [o.source, o.target];
    }
    if (!source || !target || !/^[./~]/.test(source)) continue;
    const abs = source.startsWith('~') ? path.join(process.env.HOME ?? '/', source.slice(1)) : path.resolve(project.directory, source);
    out.push({ source: abs, target: target.replace(/\/+$/, '') });
  }
  return out;
}

/** Comments stripped, for matching directives. */
function directives(text: string): string {
  return text.replace(/#[^\n]*/g, '');
}

function containerPort(project: TaskProject, service: string): number | undefined {
  const view = project.model.services.find((s) => s.name === service);
  const expose = view ? toJS(view.at(['expose'])) : undefined;
  if (Array.isArray(expose) && expose.length) {
    const n = Number(String(expose[0]).split('/')[0].split('-')[0]);
    if (Number.isInteger(n) && n > 0) return n;
  }
  const info = project.services.find((s) => s.name === service);
  const target = info?.ports[0]?.target;
  const n = Number(target);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Reads the proxy layout from the compose model and the proxy's site files. `only` picks the app
 * service when the proxy serves several. Every unsupported layout gets a message saying what to change.
 */
export function findProxyLayout(project: TaskProject, only?: string): Parsed<ProxyLayout> {
  const candidates = project.services.filter((s) => /nginx/i.test(s.image ?? '') || bindMounts(project, s.name).some((m) => m.target.startsWith('/etc/nginx')));
  if (candidates.length === 0) {
    return { ok: false, message: `No reverse proxy in the project: a zero-downtime deploy switches an nginx service between the old and the new containers.\n${LAYOUT_HELP}` };
  }
  const problems: string[] = [];
  for (const proxy of candidates) {
    const conf = bindMounts(project, proxy.name).find((m) => m.target === CONF_DIR_IN_CONTAINER);
    if (!conf) {
      problems.push(`Service "${proxy.name}" runs nginx but mounts no host directory on ${CONF_DIR_IN_CONTAINER} (a single mounted nginx.conf or a config baked into the image cannot be rewritten by deploy).`);
      continue;
    }
    if (!existsSync(conf.source) || !statSync(conf.source).isDirectory()) {
      problems.push(`Service "${proxy.name}" mounts ${conf.source} on ${CONF_DIR_IN_CONTAINER}, but that is not a directory on this machine.`);
      continue;
    }
    const files = readdirSync(conf.source).filter((f) => f.endsWith('.conf')).sort();
    const passes = new Map<string, string>();
    const userUpstreams = new Map<string, string>();
    const direct: string[] = [];
    for (const f of files) {
      const text = directives(readFileSync(path.join(conf.source, f), 'utf8'));
      for (const m of text.matchAll(/\bproxy_pass\s+https?:\/\/([A-Za-z0-9_.-]+)(:\d+)?/g)) {
        if (project.services.some((s) => s.name === m[1])) {
          if (m[2]) direct.push(`${f}: proxy_pass http://${m[1]}${m[2]}`);
          else passes.set(m[1], f);
        }
      }
      if (f.startsWith('ai-stack-upstream-')) continue;
      for (const m of text.matchAll(/\bupstream\s+([A-Za-z0-9_.-]+)\s*\{/g)) userUpstreams.set(m[1], f);
    }
    let services = [...passes.keys()];
    if (only) services = services.filter((s) => s === only);
    if (services.length === 0) {
      const hint = direct.length
        ? ` ${direct.join(', ')} names the service and port directly (Docker DNS, every container at once); write proxy_pass http://SERVICE; and let deploy generate the upstream SERVICE.`
        : '';
      problems.push(`No site in ${conf.source} sends requests to ${only ? `service "${only}"` : 'a compose service'} with proxy_pass http://SERVICE;.${hint}`);
      continue;
    }
    if (services.length > 1) {
      problems.push(`The proxy serves several services (${services.join(', ')}); pass --service NAME to pick the one to update.`);
      continue;
    }
    const service = services[0];
    if (userUpstreams.has(service)) {
      problems.push(`${userUpstreams.get(service)} defines "upstream ${service}" itself; move it out (deploy writes it to ${upstreamFileName(service)}).`);
      continue;
    }
    const port = containerPort(project, service);
    if (!port) {
      problems.push(`Service "${service}" declares no port: add expose: ["PORT"] (the port the app listens on in the container).`);
      continue;
    }
    return { ok: true, value: { proxyService: proxy.name, confDir: conf.source, service, port, upstreamFile: path.join(conf.source, upstreamFileName(service)) } };
  }
  return { ok: false, message: `Unsupported proxy layout: ${problems.join(' ')}\n${LAYOUT_HELP}` };
}

export interface UpstreamServer {
  address: string;
  port: number;
  /** Container name and image, written as a comment. */
  note: string;
}

export function upstreamConfig(layout: ProxyLayout, servers: UpstreamServer[], why: string): string {
  const lines = [
    `# Generated by \`ai-stack deploy\` (${why}); rewritten on every deploy, do not edit.`,
    `upstream ${layout.service} {`,
    ...servers.map((s) => `  server ${s.address}:${s.port}; # ${s.note}`),
    '  keepalive 16;',
    // Shorter than the app's idle timeout (gunicorn --keep-alive 75 in the example), so nginx never
    // reuses a connection the app is closing.
    '  keepalive_timeout 60s;',
    '}',
    '',
  ];
  return lines.join('\n');
}

/** Writes the upstream file atomically (the container sees either the old or the new file). */
export function writeUpstream(layout: ProxyLayout, text: string): string | undefined {
  const previous = existsSync(layout.upstreamFile) ? readFileSync(layout.upstreamFile, 'utf8') : undefined;
  const tmp = `${layout.upstreamFile}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, layout.upstreamFile);
  return previous;
}

/** `nginx -t` then `nginx -s reload` in the proxy container; the outputs on failure. */
export async function reloadNginx(docker: Docker, containerId: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const test = await execIn(docker, containerId, ['nginx', '-t', '-q', '-e', 'stderr']);
  if (test.code !== 0) return { ok: false, message: `nginx -t failed (exit ${test.code}): ${test.output.trim()}` };
  const reload = await execIn(docker, containerId, ['nginx', '-e', 'stderr', '-s', 'reload']);
  if (reload.code !== 0) return { ok: false, message: `nginx -s reload failed (exit ${reload.code}): ${reload.output.trim()}` };
  return { ok: true };
}

/** PIDs of the nginx worker processes in the container (any configuration generation). */
export async function workerPids(docker: Docker, containerId: string): Promise<Set<string>> {
  const top = (await docker.getContainer(containerId).top({ ps_args: '-eo pid,args' })) as { Titles?: string[]; Processes?: string[][] };
  const pids = new Set<string>();
  for (const p of top.Processes ?? []) {
    const line = p.join(' ');
    if (/nginx: worker process/.test(line)) pids.add(p[0]);
  }
  return pids;
}
