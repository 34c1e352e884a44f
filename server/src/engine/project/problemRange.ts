/** Source range of an interpolation problem: the `${…}` text inside its scalar when it can be found. */
import type { OffsetRange } from '../text';
import type { LocatedInterpolationProblem } from './merge';

export function problemRange(p: LocatedInterpolationProblem): OffsetRange {
  const range = p.node.range;
  if (!range) return { start: 0, end: 0 };
  const source = p.file.text.slice(range[0], range[1]);
  const value = String((p.node as { value?: unknown }).value ?? '');
  const expression = value.slice(p.start, p.end);
  const at = expression ? source.indexOf(expression) : -1;
  return at >= 0 ? { start: range[0] + at, end: range[0] + at + expression.length } : { start: range[0], end: range[1] };
}
