/**
 * Where a published container port answers on the host, from compose port specs: host IP
 * (0.0.0.0/:: mean "all", so loopback is used to connect), port ranges, short and long syntax.
 */

export interface PortInput {
  hostIp?: string;
  /** Host port or range ("8080", "8080-8081"); absent when Docker picks an ephemeral port. */
  published?: string;
  /** Container port or range. */
  target: string;
  protocol?: string;
}

export interface Endpoint {
  /** Host to connect to (a literal IP; IPv6 without brackets). */
  host: string;
  /** Host port; undefined when it is chosen by Docker at start (ask the engine). */
  port?: number;
  target: number;
}

export function connectHost(hostIp: string | undefined): string {
  if (!hostIp || hostIp === '0.0.0.0') return '127.0.0.1';
  if (hostIp === '::' || hostIp === '[::]') return '::1';
  return hostIp.replace(/^\[|\]$/g, '');
}

function range(text: string | undefined): [number, number] | undefined {
  const m = text?.trim().match(/^(\d+)(?:-(\d+))?$/);
  if (!m) return undefined;
  const from = Number(m[1]);
  return [from, m[2] ? Number(m[2]) : from];
}

/** Every TCP endpoint a port spec publishes (ranges expand pairwise), in order. Invalid specs give []. */
export function endpointsOf(spec: PortInput): Endpoint[] {
  if (spec.protocol && spec.protocol.toLowerCase() !== 'tcp') return [];
  const target = range(spec.target);
  if (!target) return [];
  const host = connectHost(spec.hostIp);
  const published = spec.published === undefined || spec.published === '' ? undefined : range(spec.published);
  if (spec.published && !published) return [];
  const out: Endpoint[] = [];
  for (let t = target[0], i = 0; t <= target[1] && i < 1000; t++, i++) {
    // A single host range for one container port ("8000-8005:8000") lets Docker pick within it: ask the engine.
    const hostRangeForOne = published && target[0] === target[1] && published[1] > published[0];
    const port = !published || hostRangeForOne ? undefined : published[0] + i <= published[1] ? published[0] + i : undefined;
    out.push({ host, port, target: t });
  }
  return out;
}

export function urlFor(endpoint: { host: string; port: number }, path: string): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `http://${host}:${endpoint.port}${path.startsWith('/') ? path : `/${path}`}`;
}
