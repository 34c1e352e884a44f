/**
 * One pinning policy for image references, in compose files and Dockerfiles alike.
 *
 * - `digest`: `image@sha256:…` — best: the bytes cannot change.
 * - `pinned`: a full version (`1.26.1-alpine3.21`, `0.5.7`), Postgres' two-part patch releases
 *   (`16.4`), a dated build (`RELEASE.2024-11-07…`) or a commit sha (`sha-3f2c1ab`).
 * - `minor`: `golang:1.26-alpine`, `redis:7.4` — moves across patch releases.
 * - `major`: `postgres:16`, `node:22-alpine`, `pgvector:pg16` — moves across minor releases.
 * - `moving`: a tag with no version in it (`latest`, `stable`, `main-stable`, `edge`, `alpine`,
 *   `slim`, `nightly`, `main`, `dev`, `rocm`) — points at whatever was pushed last.
 * - `untagged`: no tag at all, which means `latest`.
 *
 * `moving` and `untagged` are as bad as `latest` (warning); `minor` and `major` float within a
 * release line and are reported at a lower severity (information).
 */
export type PinLevel = 'digest' | 'pinned' | 'minor' | 'major' | 'moving' | 'untagged';

/** Two-part versions are patch releases for Postgres (16.4); others need three parts (3.12.8). */
const TWO_PART_VERSIONED = /(^|\/)(postgres|postgis)$/;

export function pinLevel(repository: string, tag: string | undefined, digest?: string): PinLevel {
  if (digest) return 'digest';
  if (tag === undefined || tag === '') return 'untagged';
  if (/\d+\.\d+\.\d+/.test(tag)) return 'pinned';
  if (/(^|\D)(19|20)\d{2}-?\d{2}-?\d{2}/.test(tag)) return 'pinned'; // dated builds (RELEASE.2024-11-07…, 20240101)
  if (/(^|[^0-9a-f])[0-9a-f]{7,40}($|[^0-9a-f])/.test(tag) && /\d/.test(tag) && /[a-f]/.test(tag)) return 'pinned'; // commit sha
  if (!/\d/.test(tag)) return 'moving';
  if (/\d+\.\d+/.test(tag)) return TWO_PART_VERSIONED.test(repository) ? 'pinned' : 'minor';
  return 'major';
}

/** Splits `registry:5000/team/app:tag@sha256:…` into repository (with registry), tag and digest. */
export function splitImage(ref: string): { repository: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return colon < 0 ? { repository: name, digest } : { repository: name.slice(0, colon), tag: name.slice(colon + 1), digest };
}

/** What to say about a level; undefined when the reference is pinned. Severity: warning for moving/untagged, info within a release line. */
export function pinAdvice(ref: string, level: PinLevel, tag?: string): { message: string; severity: 'warning' | 'info' } | undefined {
  switch (level) {
    case 'untagged':
      return { message: `"${ref}" has no tag, so it means :latest and changes under you: pin a full version tag (e.g. postgres:16.4-alpine3.21) or a digest.`, severity: 'warning' };
    case 'moving':
      return { message: `"${ref}" uses the moving tag :${tag}, which follows new releases without notice (as :latest does): pin a full version tag or a digest.`, severity: 'warning' };
    case 'major':
      return { message: `"${ref}" pins only the major version (:${tag}): it floats within the major and picks up new minor releases. Pin a full version (e.g. postgres:16.4-alpine3.21, golang:1.26.1-alpine3.21) or a digest.`, severity: 'info' };
    case 'minor':
      return { message: `"${ref}" pins only major.minor (:${tag}): it floats within the minor and picks up new patch releases. Pin a full version (e.g. golang:1.26.1-alpine3.21) or a digest.`, severity: 'info' };
    default:
      return undefined;
  }
}

export const PINNING_POLICY =
  'Pinned means a digest (best) or a full version tag (`16.4`, `1.26.1-alpine3.21`, a dated build, a commit sha). A tag without a version (`latest`, `stable`, `main-stable`, `edge`, `alpine`, `nightly`, `main`, `dev`) or no tag at all moves like `latest` and is a warning; a major-only (`16`, `22-alpine`) or major.minor (`1.26-alpine`) tag floats within its release line and is reported at information severity. Compose files and Dockerfiles share this policy.';
