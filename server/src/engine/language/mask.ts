/** Hovers never show secret values: values of secret-like names, secret flag arguments and URL passwords are masked. */
import type { MNode } from '../project/merge';
import { isSecretFlag, isSecretName, isSecretValue, MASK, maskUrlCredentials, secretFlagArguments } from '../shared/secrets';

export { MASK };

export function maskSecrets(js: unknown, name?: string): unknown {
  if (name !== undefined && js !== null && typeof js !== 'object' && isSecretValue(name, String(js)) && isSecretName(name)) return MASK;
  if (Array.isArray(js)) return js.map((item, i) => (typeof item === 'string' ? (typeof js[i - 1] === 'string' && isSecretFlag(js[i - 1]) && item !== '' ? MASK : maskString(item)) : maskSecrets(item)));
  if (js && typeof js === 'object') return Object.fromEntries(Object.entries(js).map(([k, v]) => [k, maskSecrets(v, k)]));
  return typeof js === 'string' ? maskString(js) : js;
}

/** `KEY=value` items of environment lists, `--password x` in command strings, URL passwords anywhere. */
function maskString(s: string): string {
  const eq = s.indexOf('=');
  if (eq > 0 && /^[A-Za-z_][\w.-]*$/.test(s.slice(0, eq)) && isSecretName(s.slice(0, eq)) && isSecretValue(s.slice(0, eq), s.slice(eq + 1))) return `${s.slice(0, eq + 1)}${MASK}`;
  let out = s;
  const flags = secretFlagArguments(out);
  for (let i = flags.length - 1; i >= 0; i--) out = out.slice(0, flags[i].start) + MASK + out.slice(flags[i].end);
  return maskUrlCredentials(out);
}

/** Plain value of a merged node with secrets masked, including values interpolated from secret-like variables. */
export function maskedValue(m: MNode | undefined, name?: string): unknown {
  if (!m) return undefined;
  if (m.kind === 'map') return Object.fromEntries([...m.entries!].map(([k, v]) => [k, maskedValue(v, k)]));
  if (m.kind === 'seq') return m.items!.map((i) => maskedValue(i));
  if (m.uses?.some((u) => isSecretName(u.name)) && m.value !== '') return MASK;
  return maskSecrets(m.value, name);
}
