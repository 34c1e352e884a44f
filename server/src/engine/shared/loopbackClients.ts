/**
 * Which health-probe clients fail on `localhost` (healthcheck-loopback-ip and its Dockerfile twin).
 *
 * Docker writes both `127.0.0.1 localhost` and `::1 localhost` into a container's /etc/hosts, and
 * glibc/musl may return ::1 first. Whether a probe of `localhost` then fails against a server that
 * listens on IPv4 only depends on the client:
 * - curl (happy eyeballs), GNU wget, Python `socket.create_connection` (urllib, requests), libpq
 *   (`pg_isready`), hiredis (`redis-cli`), bash `/dev/tcp`, Go's dialer and OpenBSD netcat try every
 *   address in turn: ::1 costs one refused connect, the probe succeeds.
 * - busybox `wget`/`nc` (Alpine) prefer the IPv4 address (FEATURE_PREFER_IPV4_ADDRESS, on by
 *   default): they connect to 127.0.0.1.
 * - Node 17 to 19 take the resolver's first answer (`verbatim` order) and do not fall back: `fetch`
 *   or `http.get` of `localhost` fails when ::1 comes first. Node 20 turned on `autoSelectFamily`
 *   (happy eyeballs) by default.
 * So a probe is reported only when its client is Node and the image's Node major is known to be
 * 17, 18 or 19; anything else is not known to fail.
 */
import { parseImage } from '../compose/facts';

const NODE_CLIENT = /(^|[\s"'[,/])node(js)?(\s|["',\]]|$)/;

/** The Node major an image reference pins (`node:18-alpine` → 18), when the image is Node's. */
export function nodeMajor(imageRef: string | undefined): number | undefined {
  if (!imageRef) return undefined;
  const image = parseImage(imageRef);
  if (!/(^|\/)node$/.test(image.repository)) return undefined;
  const m = image.tag?.match(/^v?(\d+)(\.|-|$)/);
  return m ? Number(m[1]) : undefined;
}

/**
 * A description of the probe's client when it is known to fail on `localhost` (tries only the
 * first address of localhost), else undefined. `probe` is the whole test command; `imageRef` the
 * image it runs in (compose `image:`, or the base image of the Dockerfile stage).
 */
export function firstAddressOnlyClient(probe: string, imageRef: string | undefined): string | undefined {
  if (!/\blocalhost\b/.test(probe) || !NODE_CLIENT.test(probe)) return undefined;
  const major = nodeMajor(imageRef);
  return major !== undefined && major >= 17 && major <= 19 ? `Node ${major}` : undefined;
}
