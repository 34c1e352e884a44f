/** Tag analysis shared by image-explicit-tag and image-tag-from-env-default. */
import type { ServiceView, ValueRef } from '../../compose/model';
import { parseImage } from '../../compose/facts';
import { withDefaults } from './stackFacts';

export const FLOATING_TAGS = new Set(['latest', 'stable', 'edge', 'test', 'nightly', 'dev', 'beta', 'canary', 'lts', 'main', 'master']);

export type TagVerdict =
  | { kind: 'ok' }
  | { kind: 'untagged'; shown: string }
  | { kind: 'floating'; tag: string; shown: string; fromDefault: boolean }
  | { kind: 'unpinned'; tag: string; shown: string };

/** Two-part versions are patch releases for Postgres (16.11); others need three parts (3.12.8). */
const TWO_PART_VERSIONED = /(^|\/)(postgres|postgis)$/;

function pinned(repository: string, tag: string): boolean {
  if (/\d+\.\d+\.\d+/.test(tag)) return true;
  if (TWO_PART_VERSIONED.test(repository) && /^\d+\.\d+/.test(tag)) return true;
  if (/(^|\D)(19|20)\d{2}-?\d{2}-?\d{2}/.test(tag)) return true; // dated builds (RELEASE.2024-11-07…, 20240101)
  return /(^|[^0-9a-f])[0-9a-f]{7,40}($|[^0-9a-f])/.test(tag) && /\d/.test(tag) && /[a-f]/.test(tag); // commit sha
}

/** Judges the image of a service that pulls it; `${VAR:-default}` parts are judged by their default. */
export function tagVerdict(svc: ServiceView): { verdict: TagVerdict; ref: ValueRef } | undefined {
  const ref = svc.get(['image']);
  if (!ref || typeof ref.js !== 'string' || svc.get(['build'])) return undefined; // a built image's name is just a label
  const { text, fromVar } = withDefaults(ref.js);
  const raw = ref.js;
  if (!text.trim()) return undefined;
  // A variable with no default in the tag (or the whole name) cannot be judged here.
  const holes = [...raw.matchAll(/\$\{[A-Za-z_][A-Za-z0-9_]*(:?[?+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*/g)];
  const image = parseImage(text);
  if (image.digest) return { verdict: { kind: 'ok' }, ref };
  const lastPart = raw.slice(raw.lastIndexOf('/') + 1);
  if (holes.length && (holes.some((h) => lastPart.includes(h[0])) || !image.tag)) return undefined;
  const shown = text;
  if (!image.tag) return { verdict: { kind: 'untagged', shown }, ref };
  const tagStart = text.lastIndexOf(':');
  const fromDefault = fromVar.slice(tagStart + 1).some(Boolean);
  if (FLOATING_TAGS.has(image.tag.toLowerCase())) return { verdict: { kind: 'floating', tag: image.tag, shown, fromDefault }, ref };
  if (!pinned(image.repository, image.tag)) return { verdict: { kind: 'unpinned', tag: image.tag, shown }, ref };
  return { verdict: { kind: 'ok' }, ref };
}
