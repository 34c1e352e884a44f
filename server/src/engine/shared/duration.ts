/** Compose durations (`1m30s`, `35s`, `500ms`, or a number of seconds), in seconds; undefined when not one. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  let total = 0;
  let matched = '';
  for (const m of value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : m[2] === 'ms' ? n / 1000 : 0;
    matched += m[0];
  }
  return matched === value.trim() ? total : undefined;
}
