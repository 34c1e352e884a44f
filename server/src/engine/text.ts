/** Offsets ↔ line/column through one line table per text, built once (not per finding). */
export interface Position {
  line: number; // 0-based
  character: number; // 0-based, UTF-16 code units (as LSP)
}

export interface OffsetRange {
  start: number;
  end: number;
}

export class LineTable {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    this.starts = starts ?? lineStarts(text, 0, text.length, [0]);
  }

  /**
   * The table of `text`, which is this table's text with `[start, oldEnd)` replaced (`delta`: how
   * much longer the text got). Lines before the edit are kept and those after it shifted: only the
   * edited span is scanned (a keystroke in a 1 MB file need not scan the whole file).
   */
  edited(text: string, start: number, oldEnd: number, delta: number): LineTable {
    const old = this.starts;
    const before = firstAbove(old, start);
    const starts = lineStarts(text, start, oldEnd + delta, old.slice(0, before));
    for (let i = firstAbove(old, oldEnd); i < old.length; i++) starts.push(old[i] + delta);
    return new LineTable(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[Math.max(0, pos.line)] + pos.character, this.lineEnd(pos.line));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset of the end of the line's content (before \r?\n). */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 13 && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  lineOf(offset: number): number {
    return this.positionAt(offset).line;
  }
}

/** `into` with the start of every line that begins after a newline in `text[from, to)`. */
function lineStarts(text: string, from: number, to: number, into: number[]): number[] {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) into.push(i + 1);
  return into;
}

/** Index of the first element of the sorted `xs` above `x`. */
function firstAbove(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A copy of `s` that shares no storage with the text it was sliced from. V8 keeps a slice of 13 or
 * more characters as a view of its parent: a fact remembered across edits (a service's facts, a
 * re-parsed block's nodes) that holds `text.slice(…)` keeps that whole version of the text alive.
 */
export function ownText(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}
