/**
 * The one secret classifier: which variable names, command-line flags and values hold secrets.
 * Every rule (compose, Dockerfile) and hover masking ask here, so they agree on what a secret is.
 *
 * Names are normalized first (`db-password`, `dbPassword` → `DB_PASSWORD`) and judged by their last
 * words: `*_PASSWORD`, `*_PWD`, `*_SECRET_KEY`, `*_ENCRYPTION_KEY`, `*_AUTH`, … are secrets; names that
 * only point at a secret (`*_PASSWORD_FILE`), public keys (`*_PUBLIC_KEY`, `NEXT_PUBLIC_*`,
 * `POSTHOG_PUBLIC_API_KEY`) and key ids (`AWS_ACCESS_KEY_ID`, an `*_ACCESS_KEY` next to its
 * `*_SECRET_KEY`) are not.
 */

export type SecretNameKind =
  /** The value is a secret (password, token, private or symmetric key). */
  | 'secret'
  /** Usually a connection string that may embed a password (`DATABASE_URL`, `SENTRY_DSN`). */
  | 'connection'
  /** Public by design (public keys, browser-exposed build variables). */
  | 'public'
  /** Identifies a key but is not the key (`AWS_ACCESS_KEY_ID`, `MINIO_ACCESS_KEY` next to `MINIO_SECRET_KEY`). */
  | 'key-id'
  | 'none';

const normalized = new Map<string, string>();

/** `dbPassword`, `db-password`, `db.password` → `DB_PASSWORD`. */
export function normalizeName(name: string): string {
  // Asked for the same few names over and over (every rule, every service): remembered, bounded.
  let out = normalized.get(name);
  if (out === undefined) {
    out = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase();
    if (normalized.size >= 20_000) normalized.clear();
    normalized.set(name, out);
  }
  return out;
}

/** Secret words that may be glued to the prefix (`REDISPASSWORD`, `GITHUBTOKEN`). */
const SECRET_LONG = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|SECRETS|TOKEN|API_?KEY|PRIVATE_?KEY|MASTER_?KEY|SECRET_?KEY|SECRET_KEY_BASE|ENCRYPTION_?KEY|SIGNING_?KEY|ACCOUNT_?KEY|AUTH_?KEY|CREDENTIALS?|CONNECTION_STRING)$/;
/** Short secret words: only as a whole word after a prefix (`POSTGRES_PWD`, `REDIS_AUTH`), never `PWD` or `BYPASS`. */
const SECRET_SHORT = /_(PASS|PWD|AUTH|SALT)$|^(PASS|SALT)$/;
/** `*_ACCESS_KEY`: a secret on its own (Azure), a key id next to a `*_SECRET_KEY` (MinIO, S3). */
const ACCESS_KEY = /^(.*?)_?ACCESS_?KEY$/;
/** Switches about authentication, not credentials (`DISABLE_AUTH`, `WEBUI_AUTH: "False"`). */
const AUTH_SWITCH = /(^|_)(ENABLE|ENABLED|DISABLE|DISABLED|USE|REQUIRE|REQUIRED|SKIP|NO|ALLOW|WEBUI|BYPASS|TYPE|MODE|METHOD)_AUTH$/;
const PUBLIC = /(^|_)(PUBLIC|PUBLISHABLE)(_|$)|^(VITE|REACT_APP|EXPO_PUBLIC|GATSBY)_/;
/** Names that point at, describe or limit a secret rather than hold it. */
const POINTER = /_(FILE|PATH|DIR|LENGTH|TYPE|NAME|HEADER|ENDPOINT|URL_FILE|URI_FILE|COOKIE_NAME|ID|EXPIRY|EXPIRES|TTL|LIFETIME|ALGORITHM|ENABLED|REQUIRED|HASH_ROUNDS|MIN_LENGTH|MAX_TOKENS|LIMIT)$/;
const CONNECTION = /(^|_)(DATABASE_URL|DB_URL|DSN|URL_WITH_CREDENTIALS)$/;
const KEY_ID = /_(ACCESS_)?KEY_ID$|_CLIENT_ID$/;

/**
 * What a variable name says about its value. `names` are the other names in scope (the service's
 * environment, the file's variables): they tell an access key id (`MINIO_ACCESS_KEY` beside
 * `MINIO_SECRET_KEY`) from a lone access key (a secret).
 */
export function classifySecretName(name: string, names?: Iterable<string>): SecretNameKind {
  const kind = classifyAlone(normalizeName(name));
  if (typeof kind === 'string') return kind;
  return names && hasSecretPartner(kind.accessPrefix, names) ? 'key-id' : 'secret';
}

/**
 * True when {@link classifySecretName} of this name consults the other names in scope (an
 * `*_ACCESS_KEY`): callers that remember a name's kind without its scope must ask again for these.
 */
export function secretKindDependsOnScope(name: string): boolean {
  return typeof classifyAlone(normalizeName(name)) !== 'string';
}

/** The kind of a normalized name on its own; an access key needs the names in scope to decide. */
function classifyAlone(n: string): SecretNameKind | { accessPrefix: string } {
  if (KEY_ID.test(n)) return 'key-id';
  if (PUBLIC.test(n)) return 'public';
  if (POINTER.test(n)) return 'none';
  if (CONNECTION.test(n)) return 'connection';
  if (/SECRET_?ACCESS_?KEY$/.test(n)) return 'secret';
  const access = ACCESS_KEY.exec(n);
  if (access) return { accessPrefix: access[1] };
  if (AUTH_SWITCH.test(n)) return 'none';
  if (SECRET_LONG.test(n) || SECRET_SHORT.test(n)) return 'secret';
  return 'none';
}

function hasSecretPartner(prefix: string, names: Iterable<string>): boolean {
  const p = prefix === '' ? '' : `${prefix}_`;
  for (const other of names) {
    const o = normalizeName(other);
    if (o === `${p}SECRET_KEY` || o === `${p}SECRET_ACCESS_KEY` || o === `${p}SECRET` || (prefix === '' && /^SECRET_?(ACCESS_)?KEY$/.test(o))) return true;
  }
  return false;
}

/** The name holds a secret (see {@link classifySecretName}). */
export function isSecretName(name: string, names?: Iterable<string>): boolean {
  return classifySecretName(name, names) === 'secret';
}

/** Public keys and key ids: named like a key, but not secret. */
export function isPublicOrKeyId(name: string, names?: Iterable<string>): boolean {
  const k = classifySecretName(name, names);
  return k === 'public' || k === 'key-id';
}

/** Literal values that switch something rather than hold a secret (`WEBUI_AUTH: "False"`). */
export function isSwitchValue(value: string): boolean {
  return /^(true|false|yes|no|on|off|0|1|enabled?|disabled?|none|null)$/i.test(value.trim());
}

/** Command-line flags whose argument is a secret (`--password`, `--requirepass`, …), without the value. */
export const SECRET_FLAG_NAMES = ['requirepass', 'masterauth', 'password', 'passwd', 'pass', 'token', 'api-key', 'apikey', 'secret', 'auth-token', 'access-token', 'secret-key', 'encryption-key'] as const;
const FLAG_RE = new RegExp(`^--(${SECRET_FLAG_NAMES.join('|')})$`);

/** `--password`, `--requirepass=…` (the part before `=`). */
export function isSecretFlag(flag: string): boolean {
  return FLAG_RE.test(flag.replace(/=.*$/s, '').toLowerCase());
}

/** Secret arguments of flags in a command string: `--requirepass ${REDIS_AUTH:-x}`, `--password=x`. */
export function secretFlagArguments(command: string): { flag: string; start: number; end: number }[] {
  const out: { flag: string; start: number; end: number }[] = [];
  if (!command.includes('--')) return out;
  // matchAll works on a copy of the expression: the shared one keeps lastIndex 0.
  for (const m of command.matchAll(SECRET_FLAG_ARGUMENT)) {
    const start = m.index! + m[0].length - m[3].length - m[2].length;
    out.push({ flag: m[1], start, end: start + m[3].length });
  }
  return out;
}

const SECRET_FLAG_ARGUMENT = new RegExp(`(--(?:${SECRET_FLAG_NAMES.join('|')}))(?:=|\\s+)(["']?)(\\$\\{[^}]*\\}|[^\\s"']+)\\2`, 'gi');

/** `scheme://user:password@host`: the password parts (offsets into `value`), interpolated or not. */
export function urlCredentials(value: string): { start: number; end: number; literal: boolean }[] {
  if (!value.includes('://') || !value.includes('@')) return [];
  const out: { start: number; end: number; literal: boolean }[] = [];
  // Unambiguous parts and a bounded scheme: linear, where overlapping alternatives backtracked exponentially.
  for (const m of value.matchAll(/[a-z][a-z0-9+.-]{0,31}:\/\/([^\s:/@]*):((?:\$\{[^}]*\}|\$(?!\{)|[^\s@/$])+)@/gi)) {
    const start = m.index! + m[0].length - 1 - m[2].length;
    out.push({ start, end: start + m[2].length, literal: !m[2].includes('$') });
  }
  return out;
}

export const MASK = '••••••';

/** The value with the passwords of embedded URL credentials masked (`postgresql://app:••••••@db/app`). */
export function maskUrlCredentials(value: string): string {
  const creds = urlCredentials(value);
  if (creds.length === 0) return value;
  let out = '';
  let at = 0;
  for (const c of creds) {
    out += value.slice(at, c.start) + MASK;
    at = c.end;
  }
  return out + value.slice(at);
}

/** A value of this name should never be shown: a secret name with a non-switch value, or a URL with credentials. */
export function isSecretValue(name: string | undefined, value: string): boolean {
  if (value === '') return false;
  if (name !== undefined && isSecretName(name) && !isSwitchValue(value)) return true;
  return urlCredentials(value).length > 0;
}
