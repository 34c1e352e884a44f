/** Applying text edits to a text: edits must not overlap; later ones are applied first. */
import type { TextEdit } from './rule';

export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'range' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.range.end > limit) continue; // overlaps an edit already applied: skip rather than corrupt
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
    limit = e.range.start;
  }
  return out;
}
