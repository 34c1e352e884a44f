/** Compose variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `$VAR`, `$$`) and `.env` parsing. */

export type Env = Record<string, string | undefined>;

export function interpolate(text: string, env: Env): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, dollar, name, op, arg, bare) => {
    if (dollar === '$') return '$';
    if (bare) return env[bare] ?? '';
    const value = env[name];
    const unsetOrEmpty = value === undefined || value === '';
    switch (op) {
      case ':-':
        return unsetOrEmpty ? interpolate(arg ?? '', env) : value!;
      case '-':
        return value === undefined ? interpolate(arg ?? '', env) : value;
      case ':+':
        return unsetOrEmpty ? '' : interpolate(arg ?? '', env);
      case '+':
        return value === undefined ? '' : interpolate(arg ?? '', env);
      default:
        return value ?? ''; // `:?`/`?` errors are compose's job; an empty value shows up as a clear port error later
    }
  });
}

/** `.env` lines `KEY=value` (optional `export`, quotes, comments). */
export function parseDotEnv(text: string): Env {
  const env: Env = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/);
    if (!m) continue;
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) value = value.slice(1, value.lastIndexOf(quote));
    else value = value.replace(/\s+#.*$/, '');
    env[m[1]] = value;
  }
  return env;
}
