// The inspect document is shown to the user: secrets are masked so that a screen share or a pasted bug
// report does not leak them. Which names, flags and URLs hold secrets is the engine's one classifier
// (server/src/engine/shared/secrets.ts), the same the hovers and the rules use.
import { isSecretFlag, isSecretName as isSecretVariable, isSecretValue, maskUrlCredentials, secretFlagArguments } from '../../../server/src/engine/shared/secrets';

export const REDACTED = '«redacted»';

export function isSecretName(name: string): boolean {
  return isSecretVariable(name);
}

/** `KEY=value` with a secret value → `KEY=«redacted»`; otherwise secret flag arguments and URL passwords masked. */
export function redactString(s: string, names?: readonly string[]): string {
  const eq = s.indexOf('=');
  if (eq > 0 && /^[A-Za-z_][\w.-]*$/.test(s.slice(0, eq))) {
    const name = s.slice(0, eq);
    if (isSecretVariable(name, names) && isSecretValue(name, s.slice(eq + 1))) return `${name}=${REDACTED}`;
  }
  let out = s;
  const flags = secretFlagArguments(out);
  for (let i = flags.length - 1; i >= 0; i--) out = out.slice(0, flags[i].start) + REDACTED + out.slice(flags[i].end);
  return maskUrlCredentials(out).replace(/••••••/g, REDACTED);
}

/** An argv array: the item after a secret flag (`--password`, `x`) and anything a string would mask. */
function redactArgs(args: unknown): unknown {
  if (!Array.isArray(args)) return typeof args === 'string' ? redactString(args) : args;
  return args.map((a, i) => (typeof a !== 'string' ? a : typeof args[i - 1] === 'string' && isSecretFlag(args[i - 1]) && !args[i - 1].includes('=') ? REDACTED : redactString(a)));
}

/**
 * A deep copy of an inspect answer with secrets masked: environment values of secret names, URL
 * passwords anywhere in the environment, and secret flag arguments in Cmd, Entrypoint, Args and the
 * healthcheck test.
 */
export function redactInspect(raw: unknown): unknown {
  const copy = structuredClone(raw) as { Args?: unknown; Config?: { Env?: unknown; Cmd?: unknown; Entrypoint?: unknown; Healthcheck?: { Test?: unknown } } };
  const config = copy?.Config;
  if (config && Array.isArray(config.Env)) {
    const names = config.Env.filter((e): e is string => typeof e === 'string').map((e) => e.split('=')[0]);
    config.Env = config.Env.map((entry) => (typeof entry === 'string' ? redactString(entry, names) : entry));
  }
  if (config) {
    config.Cmd = redactArgs(config.Cmd);
    config.Entrypoint = redactArgs(config.Entrypoint);
    if (config.Healthcheck) config.Healthcheck.Test = redactArgs(config.Healthcheck.Test);
  }
  if (copy && 'Args' in copy) copy.Args = redactArgs(copy.Args);
  return copy;
}
