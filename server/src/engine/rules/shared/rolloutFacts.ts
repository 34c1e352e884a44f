/**
 * Facts the zero-downtime-update rules share (issue 13): which services are reverse proxies and
 * which app services sit behind one, so must run twice during a rolling or blue-green update.
 */
import type { ComposeContext } from '../../compose/context';
import type { ServiceView } from '../../compose/model';
import { imageOf, isDatabase, isOllama, isOneShot, perService } from '../../compose/facts';
import { servicesOf } from './util';

const PROXY_IMAGE = /(^|\/)(nginx|nginx-unprivileged|openresty|caddy|haproxy|traefik|envoy|nginx-proxy|nginx-proxy-manager)$|(^|\/)proxy(-[a-z]+)?$/i;
const PROXY_NAME = /^(reverse[-_]?)?proxy$|^(nginx|caddy|haproxy|traefik|envoy|gateway|ingress)$/i;

/** Services named in `depends_on` (list or map form). */
const dependsOn = perService((svc): readonly string[] => {
  const js = svc.get(['depends_on'])?.js;
  if (Array.isArray(js)) return js.map(String);
  return js && typeof js === 'object' ? Object.keys(js) : [];
});

export const isProxy: (svc: ServiceView) => boolean = perService((svc) => {
  const image = imageOf(svc);
  if (image && PROXY_IMAGE.test(image.repository)) return true;
  return PROXY_NAME.test(svc.name) && !(image && (isDatabase(image) || isOllama(image)));
});

const labelled = perService((svc) => {
  const labels = svc.get(['labels'])?.js;
  const entries = Array.isArray(labels) ? labels.map(String) : labels && typeof labels === 'object' ? Object.entries(labels as Record<string, unknown>).map(([k, v]) => `${k}=${v}`) : [];
  return entries.some((e) => /^traefik\.enable=true$/i.test(e) || /^caddy(_\d+)?=/.test(e));
});

/** Could be an app behind a proxy (the one-shot question needs the other services: asked later). */
const servable = perService((svc) => {
  if (isProxy(svc)) return false;
  const image = imageOf(svc);
  return !(image && (isDatabase(image) || isOllama(image)));
});

/** Traefik and Caddy find the services they front by their labels. */
const isLabelReadingProxy = perService((svc) => {
  const image = imageOf(svc);
  return !!image && /(^|\/)(traefik|caddy)$/i.test(image.repository);
});

/**
 * A proxy that fronts other services of the stack (it depends on them, or it is Traefik/Caddy and
 * services carry their labels): an nginx serving files on its own is a web server, not this.
 */
export function isFrontingProxy(ctx: ComposeContext, svc: ServiceView): boolean {
  if (!isProxy(svc)) return false;
  if (dependsOn(svc).length > 0) return true;
  return isLabelReadingProxy(svc) && stackFacts(ctx).anyLabelled();
}

interface StackProxyFacts {
  /** The proxies among the mapping services, in order, with their `depends_on` targets. */
  proxies: { svc: ServiceView; dependsOn: readonly string[] }[];
  /** Service name → the first proxy that depends on it. */
  proxyFor: Map<string, string>;
  anyLabelled(): boolean;
  served?: ServiceView[];
}

/**
 * Computed once per model (keyed by the model object: a project may hand out a new services array on
 * every access): the rules ask per service and per finding, which was quadratic in the services.
 */
const facts = new WeakMap<object, StackProxyFacts>();

function stackFacts(ctx: ComposeContext): StackProxyFacts {
  const key = ctx.model;
  let f = facts.get(key);
  if (!f) {
    const all = servicesOf(ctx);
    let labelledAny: boolean | undefined;
    const proxies = all.filter(isProxy).map((svc) => ({ svc, dependsOn: dependsOn(svc) }));
    const proxyFor = new Map<string, string>();
    for (const p of proxies) for (const d of p.dependsOn) if (!proxyFor.has(d)) proxyFor.set(d, p.svc.name);
    f = { proxies, proxyFor, anyLabelled: () => (labelledAny ??= all.some(labelled)) };
    facts.set(key, f);
  }
  return f;
}

/**
 * App services behind a proxy: the proxy's `depends_on` targets and services with Traefik or
 * caddy-docker-proxy labels; never databases, Ollama, one-shot jobs or proxies themselves.
 */
export function servedApps(ctx: ComposeContext): ServiceView[] {
  const f = stackFacts(ctx);
  if (f.proxies.length === 0) return [];
  if (f.served) return f.served;
  const behind = new Set(f.proxies.flatMap((p) => p.dependsOn));
  return (f.served = servicesOf(ctx).filter((s) => servable(s) && (behind.has(s.name) || labelled(s)) && !isOneShot(ctx.model, s)));
}

/** The proxy in front of a served app (for messages). */
export function proxyOf(ctx: ComposeContext, app: ServiceView): string {
  const { proxies, proxyFor } = stackFacts(ctx);
  return proxyFor.get(app.name) ?? proxies[0]?.svc.name ?? 'the proxy';
}
