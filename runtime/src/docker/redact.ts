// The inspect document is shown to the user: secrets are masked so that a screen share or a pasted bug
// report does not leak them. Which names, flags and URLs hold secrets is the engine's one classifier
// (server/src/engine/shared/secrets.ts), the same the hovers and the rules use.
import { maskSecretArgs, maskSecretText } from '../../../server/src/engine/shared/maskText';

export const REDACTED = '«redacted»';

/** `KEY=value` with a secret value → `KEY=«redacted»`; otherwise secret flag arguments and URL passwords masked. */
export function redactString(s: string, names?: readonly string[]): string {
  return maskSecretText(s, REDACTED, names);
}

function redactArgs(args: unknown): unknown {
  if (!Array.isArray(args)) return typeof args === 'string' ? redactString(args) : args;
  return maskSecretArgs(args, REDACTED);
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
