/** Tag analysis shared by image-explicit-tag and image-tag-from-env-default. */
import type { ServiceView, ValueRef } from '../../compose/model';
import { parseImage } from '../../compose/facts';
import { pinLevel } from '../../shared/imagePinning';
import { withDefaults } from './stackFacts';

export type TagVerdict =
  | { kind: 'ok' }
  | { kind: 'untagged'; shown: string }
  | { kind: 'floating'; tag: string; shown: string; fromDefault: boolean }
  | { kind: 'unpinned'; tag: string; shown: string; level: 'major' | 'minor' };

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
  const level = pinLevel(image.repository, image.tag);
  if (level === 'moving') return { verdict: { kind: 'floating', tag: image.tag, shown, fromDefault }, ref };
  if (level === 'major' || level === 'minor') return { verdict: { kind: 'unpinned', tag: image.tag, shown, level }, ref };
  return { verdict: { kind: 'ok' }, ref };
}
