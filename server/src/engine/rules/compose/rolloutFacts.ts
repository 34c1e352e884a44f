/**
 * Facts the zero-downtime-update rules share (issue 13): which services are reverse proxies and
 * which app services sit behind one, so must run twice during a rolling or blue-green update.
 */
import type { ComposeContext } from '../../compose/context';
import type { ServiceView } from '../../compose/model';
import { imageOf, isDatabase, isOllama, isOneShot } from '../../compose/facts';
import { servicesOf } from './util';

const PROXY_IMAGE = /(^|\/)(nginx|nginx-unprivileged|openresty|caddy|haproxy|traefik|envoy|nginx-proxy|nginx-proxy-manager)$|(^|\/)proxy(-[a-z]+)?$/i;
const PROXY_NAME = /^(reverse[-_]?)?proxy$|^(nginx|caddy|haproxy|traefik|envoy|gateway|ingress)$/i;

/** Services named in `depends_on` (list or map form). */
function dependsOn(svc: ServiceView): string[] {
  const js = svc.get(['depends_on'])?.js;
  if (Array.isArray(js)) return js.map(String);
  return js && typeof js === 'object' ? Object.keys(js) : [];
}

export function isProxy(svc: ServiceView): boolean {
  const image = imageOf(svc);
  if (image && PROXY_IMAGE.test(image.repository)) return true;
  return PROXY_NAME.test(svc.name) && !(image && (isDatabase(image) || isOllama(image)));
}

function labelled(svc: ServiceView): boolean {
  const labels = svc.get(['labels'])?.js;
  const entries = Array.isArray(labels) ? labels.map(String) : labels && typeof labels === 'object' ? Object.entries(labels as Record<string, unknown>).map(([k, v]) => `${k}=${v}`) : [];
  return entries.some((e) => /^traefik\.enable=true$/i.test(e) || /^caddy(_\d+)?=/.test(e));
}

/**
 * A proxy that fronts other services of the stack (it depends on them, or it is Traefik/Caddy and
 * services carry their labels): an nginx serving files on its own is a web server, not this.
 */
export function isFrontingProxy(ctx: ComposeContext, svc: ServiceView): boolean {
  if (!isProxy(svc)) return false;
  if (dependsOn(svc).length > 0) return true;
  const image = imageOf(svc);
  return !!image && /(^|\/)(traefik|caddy)$/i.test(image.repository) && [...servicesOf(ctx)].some(labelled);
}

/**
 * App services behind a proxy: the proxy's `depends_on` targets and services with Traefik or
 * caddy-docker-proxy labels; never databases, Ollama, one-shot jobs or proxies themselves.
 */
export function servedApps(ctx: ComposeContext): ServiceView[] {
  const all = [...servicesOf(ctx)];
  const proxies = all.filter(isProxy);
  if (proxies.length === 0) return [];
  const behind = new Set(proxies.flatMap(dependsOn));
  return all.filter((s) => {
    if (isProxy(s) || isOneShot(ctx.model, s)) return false;
    const image = imageOf(s);
    if (image && (isDatabase(image) || isOllama(image))) return false;
    return behind.has(s.name) || labelled(s);
  });
}

/** The proxy in front of a served app (for messages). */
export function proxyOf(ctx: ComposeContext, app: ServiceView): string {
  const proxies = [...servicesOf(ctx)].filter(isProxy);
  return (proxies.find((p) => dependsOn(p).includes(app.name)) ?? proxies[0])?.name ?? 'the proxy';
}
