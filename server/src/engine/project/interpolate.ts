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

/** One `$…` expression at a position: the grammar shared by evaluation and by `references`. */
type Token =
  | { kind: 'escape'; start: number; end: number }
  | { kind: 'lone'; start: number; end: number }
  | { kind: 'unclosed'; start: number; end: number }
  | { kind: 'invalid'; start: number; end: number }
  | { kind: 'reference'; start: number; end: number; name: string; op: Operator; braced: boolean; argStart: number; argEnd: number };

export type Operator = '' | ':-' | '-' | ':?' | '?' | ':+' | '+';

const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATOR = /^(:-|-|:\?|\?|:\+|\+)/;

/** The expression starting at `s[i] === '$'`, within `s[.., to)`. */
function token(s: string, i: number, to: number): Token {
  const next = s[i + 1];
  if (next === '$') return { kind: 'escape', start: i, end: i + 2 };
  if (next === '{') {
    const close = matchingBrace(s, i + 1, to);
    if (close < 0) return { kind: 'unclosed', start: i, end: to };
    NAME_AT.lastIndex = i + 2;
    const m = NAME_AT.exec(s);
    if (!m || m.index + m[0].length > close) return { kind: 'invalid', start: i, end: close + 1 };
    const name = m[0];
    const afterName = i + 2 + name.length;
    if (afterName === close) return { kind: 'reference', start: i, end: close + 1, name, op: '', braced: true, argStart: close, argEnd: close };
    const op = OPERATOR.exec(s.slice(afterName, close))?.[0] as Operator | undefined;
    if (!op) return { kind: 'invalid', start: i, end: close + 1 };
    return { kind: 'reference', start: i, end: close + 1, name, op, braced: true, argStart: afterName + op.length, argEnd: close };
  }
  NAME_AT.lastIndex = i + 1;
  const m = NAME_AT.exec(s);
  if (m && m.index + m[0].length <= to) {
    const end = i + 1 + m[0].length;
    return { kind: 'reference', start: i, end, name: m[0], op: '', braced: false, argStart: end, argEnd: end };
  }
  // A lone `$` (e.g. at the end or before a space) is kept as written.
  return { kind: 'lone', start: i, end: i + 1 };
}

export interface Reference {
  name: string;
  /** Offsets of the whole `${…}` / `$NAME` expression. */
  start: number;
  end: number;
  op: Operator;
  /** The argument as written (default, alternative or error message), unexpanded. */
  arg: string;
}

/**
 * The top-level references of a string as written (nested ones stay inside `arg`), skipping `$$`
 * escapes and malformed expressions; scanning stops at an unclosed `${`. Same grammar as `interpolate`.
 */
export function references(s: string): Reference[] {
  const out: Reference[] = [];
  for (let i = s.indexOf('$'); i >= 0 && i < s.length; i = s.indexOf('$', i)) {
    const t = token(s, i, s.length);
    if (t.kind === 'unclosed') break;
    if (t.kind === 'reference') out.push({ name: t.name, start: t.start, end: t.end, op: t.op, arg: s.slice(t.argStart, t.argEnd) });
    i = t.end;
  }
  return out;
}

function expand(s: string, from: number, to: number, vars: Variables, uses: VariableUse[], problems: InterpolationProblem[], depth: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    const dollar = s.indexOf('$', i);
    if (dollar < 0 || dollar >= to) {
      out += s.slice(i, to);
      break;
    }
    out += s.slice(i, dollar);
    const t = token(s, dollar, to);
    i = t.end;
    switch (t.kind) {
      case 'escape':
        out += '$';
        break;
      case 'lone':
        out += '$';
        break;
      case 'unclosed':
        problems.push({ kind: 'invalid-syntax', message: `Invalid interpolation format: "${s.slice(dollar, to)}" has no closing "}".`, start: dollar, end: to });
        out += s.slice(dollar, to);
        break;
      case 'invalid':
        problems.push({ kind: 'invalid-syntax', message: `Invalid interpolation format: "${s.slice(t.start, t.end)}".`, start: t.start, end: t.end });
        out += s.slice(t.start, t.end);
        break;
      case 'reference':
        out += evaluate(s, t, vars, uses, problems, depth);
        break;
    }
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

function evaluate(s: string, t: Extract<Token, { kind: 'reference' }>, vars: Variables, uses: VariableUse[], problems: InterpolationProblem[], depth: number): string {
  const { name, op, start, end } = t;
  const value = vars.get(name);
  if (op === '') {
    uses.push({ name, start, end, hasDefault: false });
    if (value === undefined) problems.push({ kind: 'unset', name, message: `${name} is not set`, start, end });
    return value ?? '';
  }
  if (depth > 20) {
    problems.push({ kind: 'invalid-syntax', message: `Invalid interpolation format: "${s.slice(start, end)}" is nested too deeply.`, start, end });
    return s.slice(start, end);
  }
  const use: VariableUse = { name, start, end, hasDefault: false };
  uses.push(use);
  // Nested expressions in the argument (`${A:-${B}}`) are expanded too, as Compose v2 does.
  const arg = () => expand(s, t.argStart, t.argEnd, vars, uses, problems, depth + 1);
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
        problems.push({ kind: 'required-missing', name, message: message || `${name} is not set`, start, end });
        return '';
      }
      return value;
    }
  }
}

/**
 * `.env` file syntax as Compose reads it (compose-go's dotenv parser): `KEY=value` or `KEY: value`,
 * optional `export `, `#` comment lines, unquoted values ending at ` #` (trailing blanks dropped);
 * single quotes literal (only `\'` is an escape), double quotes with escapes (`\n \t \r \" \\ \$`,
 * `\a \b \f \v`, `\0ooo`); both kinds of quotes may span lines. Unquoted and double-quoted values
 * may refer to variables defined above or in the shell (the shell wins). A bare `KEY` takes the
 * shell's value. Where Compose rejects the file (a bad key, an unterminated quote) that line is
 * skipped (an unterminated quote takes the rest of its line) instead of failing the whole file.
 */
export function parseDotEnv(text: string, outer: Variables = new Map()): Map<string, string> {
  const out = new Map<string, string>();
  const lookup = new Map<string, string>(outer);
  const set = (key: string, value: string) => {
    out.set(key, value);
    // Shell variables win over the file, so a later reference sees the shell's value.
    if (!outer.has(key)) lookup.set(key, value);
  };
  const n = text.length;
  let i = 0;
  const lineEnd = (from: number) => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? n : nl;
  };
  while (i < n) {
    // Statement start: skip blanks and blank lines; a `#` line is a comment.
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    const eol = lineEnd(i);
    if (text[i] === '#') {
      i = eol + 1;
      continue;
    }
    const exportPrefix = /^export[ \t]+/.exec(text.slice(i, Math.min(eol, i + 16)));
    if (exportPrefix) i += exportPrefix[0].length;
    // Key: [A-Za-z0-9_.-[\]] up to `=` or `:`; blanks before the separator are allowed.
    let k = i;
    while (k < eol && /[\p{L}\p{N}_.\-[\]]/u.test(text[k])) k++;
    const key = text.slice(i, k);
    while (k < eol && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r')) k++;
    if (!key) {
      i = eol + 1;
      continue;
    }
    if (k >= eol) {
      const shell = outer.get(key);
      if (shell !== undefined) set(key, shell);
      i = eol + 1;
      continue;
    }
    if (text[k] !== '=' && text[k] !== ':') {
      i = eol + 1; // Compose: "unexpected character in variable name"
      continue;
    }
    let v = k + 1;
    while (v < eol && (text[v] === ' ' || text[v] === '\t' || text[v] === '\r')) v++;
    const quote = text[v];
    if (quote === '"' || quote === "'") {
      let raw = '';
      let escaped = false;
      let close = -1;
      for (let j = v + 1; j < n; j++) {
        const c = text[j];
        if (c !== quote) {
          if (!escaped && c === '\\') {
            escaped = true;
            continue;
          }
          if (escaped) {
            escaped = false;
            raw += '\\';
          }
          raw += c;
          continue;
        }
        if (escaped) {
          escaped = false;
          raw += c;
          continue;
        }
        close = j;
        break;
      }
      if (close < 0) {
        set(key, text.slice(v + 1, eol).replace(/\r$/, ''));
        i = eol + 1;
        continue;
      }
      set(key, quote === '"' ? interpolate(expandEscapes(raw), lookup).value : raw);
      i = lineEnd(close) + 1; // whatever follows the closing quote on its line (a comment) is not a statement
      continue;
    }
    let raw = text.slice(v, eol);
    const hash = raw.indexOf(' #');
    if (hash >= 0) raw = raw.slice(0, hash);
    set(key, interpolate(raw.trimEnd(), lookup).value);
    i = eol + 1;
  }
  return out;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/** Escape sequences of a double-quoted `.env` value; `\$` becomes `$$`, so interpolation leaves a literal `$`. */
function expandEscapes(s: string): string {
  return s.replace(/\\(?:[abcfnrtv$"\\]|0[0-7]{0,3})/g, (m) => {
    const c = m[1];
    if (c === '$') return '$$';
    if (c === '0') return String.fromCharCode(parseInt(m.slice(2) || '0', 8));
    return ESCAPES[c] ?? m;
  });
}
