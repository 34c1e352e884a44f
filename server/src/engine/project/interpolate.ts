/**
 * Compose variable interpolation (`${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?msg}`, `${VAR?msg}`,
 * `${VAR:+x}`, `${VAR+x}`, `$VAR`, `$$`), as `docker compose` applies it to every string value
 * after parsing. Pure: the caller supplies the variables.
 */

export type Variables = ReadonlyMap<string, string>;

export interface VariableUse {
  name: string;
  /** Offsets of the whole `${…}` / `$NAME` expression within the input string. */
  start: number;
  end: number;
  /** Set for `${VAR:?msg}` / `${VAR?msg}`. */
  required?: { message: string; emptyIsError: boolean };
  /** The expression supplies a value when the variable is unset (`:-`, `-`, `:+`, `+`). */
  hasDefault: boolean;
}

export interface InterpolationProblem {
  kind: 'required-missing' | 'invalid-syntax' | 'unset';
  name?: string;
  message: string;
  start: number;
  end: number;
}

export interface Interpolated {
  value: string;
  uses: VariableUse[];
  problems: InterpolationProblem[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, vars: Variables): Interpolated {
  const uses: VariableUse[] = [];
  const problems: InterpolationProblem[] = [];
  const value = expand(input, 0, input.length, vars, uses, problems, 0);
  return { value, uses, problems };
}

/** True when the string contains something interpolation would change (cheap pre-check). */
export function needsInterpolation(s: string): boolean {
  return s.includes('$');
}

function expand(s: string, from: number, to: number, vars: Variables, uses: VariableUse[], problems: InterpolationProblem[], depth: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    const c = s[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(s, i + 1, to);
      if (close < 0) {
        problems.push({ kind: 'invalid-syntax', message: `Invalid interpolation format: "${s.slice(i, to)}" has no closing "}".`, start: i, end: to });
        out += s.slice(i, to);
        break;
      }
      out += braced(s, i, close, vars, uses, problems, depth);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1, to));
    if (m) {
      const name = m[0];
      uses.push({ name, start: i, end: i + 1 + name.length, hasDefault: false });
      if (!vars.has(name)) problems.push({ kind: 'unset', name, message: `${name} is not set`, start: i, end: i + 1 + name.length });
      out += vars.get(name) ?? '';
      i += 1 + name.length;
      continue;
    }
    // A lone `$` (e.g. at the end or before a space) is kept as written.
    out += '$';
    i++;
  }
  return out;
}

function matchingBrace(s: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(s: string, dollar: number, close: number, vars: Variables, uses: VariableUse[], problems: InterpolationProblem[], depth: number): string {
  const body = s.slice(dollar + 2, close);
  const m = NAME.exec(body);
  const bad = (): string => {
    problems.push({ kind: 'invalid-syntax', message: `Invalid interpolation format: "${s.slice(dollar, close + 1)}".`, start: dollar, end: close + 1 });
    return s.slice(dollar, close + 1);
  };
  if (!m) return bad();
  const name = m[0];
  const rest = body.slice(name.length);
  const value = vars.get(name);
  const use: VariableUse = { name, start: dollar, end: close + 1, hasDefault: false };
  uses.push(use);
  if (rest === '') {
    if (value === undefined) problems.push({ kind: 'unset', name, message: `${name} is not set`, start: dollar, end: close + 1 });
    return value ?? '';
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (!op || depth > 20) return bad();
  const argStart = dollar + 2 + name.length + op.length;
  // Nested expressions in the argument (`${A:-${B}}`) are expanded too, as Compose v2 does.
  const arg = () => expand(s, argStart, close, vars, uses, problems, depth + 1);
  const unsetOrEmpty = value === undefined || value === '';
  switch (op) {
    case ':-':
      use.hasDefault = true;
      return unsetOrEmpty ? arg() : value;
    case '-':
      use.hasDefault = true;
      return value === undefined ? arg() : value;
    case ':+':
      use.hasDefault = true;
      return unsetOrEmpty ? '' : arg();
    case '+':
      use.hasDefault = true;
      return value === undefined ? '' : arg();
    default: {
      const emptyIsError = op === ':?';
      const message = arg();
      use.required = { message, emptyIsError };
      if (value === undefined || (emptyIsError && value === '')) {
        problems.push({ kind: 'required-missing', name, message: message || `${name} is not set`, start: dollar, end: close + 1 });
        return '';
      }
      return value;
    }
  }
}

/**
 * `.env` file syntax as Compose reads it: `KEY=value`, optional `export `, `#` comments,
 * single quotes literal, double quotes with escapes, unquoted values ending at ` #`.
 * Unquoted and double-quoted values may refer to variables defined above (Compose v2).
 */
export function parseDotEnv(text: string, outer: Variables = new Map()): Map<string, string> {
  const out = new Map<string, string>();
  const lookup = new Map<string, string>(outer);
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const eq = line.indexOf('=');
    if (eq <= 0) continue; // a bare name: Compose takes it from the shell environment, which we do not read
    const key = line.slice(0, eq).trim();
    let raw = line.slice(eq + 1).trim();
    let value: string;
    if (raw.startsWith("'")) {
      const end = raw.indexOf("'", 1);
      value = end > 0 ? raw.slice(1, end) : raw.slice(1);
    } else if (raw.startsWith('"')) {
      // Multi-line double-quoted values continue until the closing quote.
      while (!/[^\\]"\s*(#.*)?$/.test(raw.slice(1)) && raw !== '""' && n + 1 < lines.length) raw += '\n' + lines[++n];
      const end = raw.lastIndexOf('"');
      value = raw.slice(1, end > 0 ? end : undefined).replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c);
      value = interpolate(value, lookup).value;
    } else {
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash).trimEnd();
      value = interpolate(raw, lookup).value;
    }
    out.set(key, value);
    // Shell variables win over the file, so a later reference sees the shell's value.
    if (!outer.has(key)) lookup.set(key, value);
  }
  return out;
}
