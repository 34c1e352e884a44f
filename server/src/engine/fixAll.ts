/** Apply every safe fix of a file, re-checking between passes, until nothing more is fixable. */
import { analyze, AnalyzeOptions } from './analysis';
import { applyEdits } from './apply';
import type { Finding, TextEdit } from './rule';

export interface FixAllResult {
  text: string;
  applied: { ruleId: string; title: string; line: number }[];
  remaining: Finding[];
}

export function fixAllText(filePath: string, text: string, options: AnalyzeOptions = {}, maxPasses = 8): FixAllResult {
  const applied: FixAllResult['applied'] = [];
  let current = text;
  for (let pass = 0; pass < maxPasses; pass++) {
    const analysis = analyze(filePath, current, options);
    if (!analysis) return { text: current, applied, remaining: [] };
    const edits: TextEdit[] = [];
    const taken: Taken[] = [];
    for (const finding of analysis.findings) {
      const fix = analysis.fix(finding);
      if (!fix?.safe || fix.edits.some((e) => e.file !== filePath)) continue;
      // One fix per region per pass: overlapping edits are retried on the re-checked text.
      const overlaps = fix.edits.some((e) => taken.some((t) => conflicts(e, t)));
      if (overlaps) continue;
      for (const e of fix.edits) taken.push({ start: e.range.start, end: e.range.end, key: insertedKey(e.newText) });
      edits.push(...fix.edits);
      const line = current.slice(0, finding.range.start).split('\n').length;
      applied.push({ ruleId: finding.ruleId, title: fix.title, line });
    }
    if (edits.length === 0) return { text: current, applied, remaining: analysis.findings };
    current = applyEdits(current, mergePointInserts(edits));
  }
  return { text: current, applied, remaining: analyze(filePath, current, options)?.findings ?? [] };
}

interface Taken {
  start: number;
  end: number;
  key?: string;
}

/** The first key a text inserts (`\n  deploy:` or `, deploy: {…}`), to keep two fixes from adding the same key. */
function insertedKey(text: string): string | undefined {
  return text.match(/^(?:\n|,)?\s*([^\s:,#\-][^:\n]*):/)?.[1];
}

/** Inserts at the same point may go together unless they add the same key; anything else must not intersect. */
function conflicts(e: TextEdit, t: Taken): boolean {
  const point = e.range.start === e.range.end && t.start === t.end;
  if (point) return e.range.start === t.start && insertedKey(e.newText) !== undefined && insertedKey(e.newText) === t.key;
  return e.range.start <= t.end && t.start <= e.range.end;
}

/**
 * Several fixes often insert at the same point: the end of a service's last line, which is also
 * the end of its last nested map (`deploy:` → `resources:`). The deeper insert must come first or
 * the service-level keys inserted before it would adopt it as their child. One edit per point
 * also removes any doubt about the order in which same-point inserts are applied.
 */
export function mergePointInserts(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  const groups = new Map<string, TextEdit[]>();
  for (const e of edits) {
    if (e.range.start !== e.range.end) {
      out.push(e);
      continue;
    }
    const key = `${e.file}\0${e.range.start}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  for (const group of groups.values()) {
    const ordered = group.map((e, i) => ({ e, i, depth: insertDepth(e.newText) })).sort((a, b) => b.depth - a.depth || a.i - b.i);
    out.push({ ...group[0], range: { ...group[0].range }, newText: ordered.map((o) => o.e.newText).join('') });
  }
  return out;
}

/** Indentation of the first inserted line (block inserts start with a newline); flow inserts have no depth. */
function insertDepth(text: string): number {
  const m = text.match(/^\r?\n([ ]*)\S/);
  return m ? m[1].length : -1;
}
