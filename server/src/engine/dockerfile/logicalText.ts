/**
 * The text of an instruction as Docker sees it (line continuations and the comment lines inside
 * them removed), with a map back to source offsets so that rules can underline and fix the
 * original text exactly.
 */
import type { OffsetRange } from '../text';

export class LogicalText {
  /** offsets[i] is the source offset of text[i]; offsets[text.length] is the source end. */
  constructor(readonly text: string, private readonly offsets: number[]) {}

  static build(source: string, start: number, end: number, escapeChar: string): LogicalText {
    let text = '';
    const offsets: number[] = [];
    let i = start;
    while (i < end) {
      const ch = source[i];
      if (ch === escapeChar) {
        const after = continuationEnd(source, i + 1, end);
        if (after !== undefined) {
          i = skipBlankAndCommentLines(source, after, end);
          continue;
        }
      }
      if (ch === '\r' && source[i + 1] === '\n') {
        i++;
        continue;
      }
      text += ch;
      offsets.push(i);
      i++;
    }
    offsets.push(end);
    return new LogicalText(text, offsets);
  }

  sourceOffset(index: number): number {
    return this.offsets[Math.max(0, Math.min(index, this.offsets.length - 1))];
  }

  /** Source range of a logical [start, end) span: ends right after the last character. */
  sourceRange(start: number, end: number): OffsetRange {
    if (end <= start) {
      const at = this.sourceOffset(start);
      return { start: at, end: at };
    }
    return { start: this.sourceOffset(start), end: this.sourceOffset(end - 1) + 1 };
  }

  slice(start: number, end?: number): LogicalText {
    const e = end ?? this.text.length;
    const offs = this.offsets.slice(start, e);
    offs.push(e < this.offsets.length - 1 ? this.offsets[e] : this.offsets[this.offsets.length - 1]);
    return new LogicalText(this.text.slice(start, e), offs);
  }
}

/** If an escape char at `i - 1` is followed by optional blanks and a newline, the offset after the newline. */
function continuationEnd(source: string, i: number, end: number): number | undefined {
  let j = i;
  while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
  if (source[j] === '\r' && source[j + 1] === '\n') return j + 2;
  if (source[j] === '\n') return j + 1;
  if (j >= end) return j; // escape at the very end of the instruction
  return undefined;
}

/** Docker drops empty lines and `#` comment lines inside a continued instruction. */
function skipBlankAndCommentLines(source: string, i: number, end: number): number {
  let pos = i;
  for (;;) {
    let j = pos;
    while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
    const isComment = source[j] === '#';
    const isBlank = source[j] === '\n' || (source[j] === '\r' && source[j + 1] === '\n');
    if (!isComment && !isBlank) return pos;
    const nl = source.indexOf('\n', j);
    if (nl < 0 || nl >= end) return end;
    pos = nl + 1;
  }
}
