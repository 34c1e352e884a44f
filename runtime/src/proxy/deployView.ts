/**
 * What the Containers view shows during a deploy without downtime: for each app service behind an
 * nginx proxy that deploy manages, which containers the proxy sends traffic to now (they are in its
 * `ai-stack-upstream-SERVICE.conf`) and which are not (the new one warming up, or the old one
 * draining). Read from the proxy's config directory on the host (its bind mount on
 * /etc/nginx/conf.d), so the view needs no exec into a container. Pure but for the file reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ContainerItem } from '../docker/containerItem';
import { CONF_DIR_IN_CONTAINER } from './nginx';

export type ProxyRole = 'proxied' | 'not-proxied';

const UPSTREAM_FILE = /^ai-stack-upstream-(.+)\.conf$/;

/** Service → the container addresses its upstream lists (`server IP:PORT;`). */
export function readUpstreams(confDir: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let names: string[];
  try {
    names = readdirSync(confDir);
  } catch {
    return out;
  }
  for (const name of names) {
    const service = name.match(UPSTREAM_FILE)?.[1];
    if (!service) continue;
    let text = '';
    try {
      text = readFileSync(path.join(confDir, name), 'utf8');
    } catch {
      continue;
    }
    const ips = new Set<string>();
    for (const m of text.matchAll(/^\s*server\s+\[?([0-9a-fA-F.:]+?)\]?:\d+\b/gm)) ips.add(m[1]);
    out.set(service, ips);
  }
  return out;
}

/** The host directories of the proxies' nginx config (bind mounts on /etc/nginx/conf.d). */
export function proxyConfDirs(items: readonly ContainerItem[]): string[] {
  const dirs = items.filter((c) => c.state === 'running').flatMap((c) => c.mounts.filter((m) => m.destination.replace(/\/+$/, '') === CONF_DIR_IN_CONTAINER).map((m) => m.source));
  return [...new Set(dirs)];
}

/**
 * Container id → whether the proxy points at it, for the running containers of every service that a
 * deploy-managed upstream names (other containers get no role). Blue-green colour projects count:
 * the upstream is matched by service name and address, whichever project runs the container.
 */
export function proxyRoles(items: readonly ContainerItem[], read: (dir: string) => Map<string, Set<string>> = readUpstreams): Map<string, ProxyRole> {
  const roles = new Map<string, ProxyRole>();
  for (const dir of proxyConfDirs(items)) {
    for (const [service, ips] of read(dir)) {
      for (const c of items) {
        if (c.service !== service || c.state !== 'running') continue;
        roles.set(c.id, c.ips.some((ip) => ips.has(ip)) ? 'proxied' : 'not-proxied');
      }
    }
  }
  return roles;
}
