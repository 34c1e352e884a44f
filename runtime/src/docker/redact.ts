// The inspect document is shown to the user; environment values that look like secrets are masked so
// that a screen share or a pasted bug report does not leak them.
const SECRET_KEY = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth|access[_-]?key|dsn|database_url|conn(ection)?_?string)/i;
export const REDACTED = '«redacted»';

export function isSecretName(name: string): boolean {
  return SECRET_KEY.test(name);
}

/** A deep copy of an inspect answer with secret-looking `Config.Env` values replaced. */
export function redactInspect(raw: unknown): unknown {
  const copy = structuredClone(raw) as { Config?: { Env?: unknown } };
  const env = copy?.Config?.Env;
  if (Array.isArray(env)) {
    copy.Config!.Env = env.map((entry) => {
      if (typeof entry !== 'string') return entry;
      const eq = entry.indexOf('=');
      if (eq < 0) return entry;
      const name = entry.slice(0, eq);
      return isSecretName(name) ? `${name}=${REDACTED}` : entry;
    });
  }
  return copy;
}
