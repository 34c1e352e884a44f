// One way to hide secrets in text shown to the user (hovers, the inspect view, audit output). The
// classifier (secrets.ts) decides what is secret; this module only replaces it with a mask token,
// which differs by place (hovers use bullets, the inspect document a readable «redacted»).
import { isSecretFlag, isSecretName, isSecretValue, MASK, urlCredentials, secretFlagArguments } from './secrets';

const ENV_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * One string with its secrets masked: `KEY=value` with a secret name, the argument of a secret flag
 * (`--password x`), and URL passwords anywhere. `names` are the other variable names of the same
 * environment (a `*_ACCESS_KEY` paired with a `*_SECRET_KEY` is a key id, not a secret).
 */
export function maskSecretText(s: string, mask: string = MASK, names?: Iterable<string>): string {
  const eq = s.indexOf('=');
  if (eq > 0 && ENV_NAME.test(s.slice(0, eq))) {
    const name = s.slice(0, eq);
    if (isSecretName(name, names) && isSecretValue(name, s.slice(eq + 1))) return `${name}=${mask}`;
  }
  const spans = [...secretFlagArguments(s), ...urlCredentials(s)].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += s.slice(at, span.start) + mask;
    at = span.end;
  }
  return out + s.slice(at);
}

/** An argv array: the item after a bare secret flag (`--password`, `x`) and whatever each string would mask. */
export function maskSecretArgs(args: readonly unknown[], mask: string = MASK): unknown[] {
  return args.map((arg, i) => {
    if (typeof arg !== 'string') return arg;
    const previous = args[i - 1];
    const afterBareFlag = typeof previous === 'string' && isSecretFlag(previous) && !previous.includes('=');
    return afterBareFlag && arg !== '' ? mask : maskSecretText(arg, mask);
  });
}
