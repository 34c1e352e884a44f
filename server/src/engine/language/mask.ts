/** Hovers never show secret values: values of secret-like names, secret flag arguments and URL passwords are masked. */
import type { MNode } from '../project/merge';
import { maskSecretArgs, maskSecretText } from '../shared/maskText';
import { isSecretName, isSecretValue, MASK } from '../shared/secrets';

export { MASK };

export function maskSecrets(js: unknown, name?: string): unknown {
  if (name !== undefined && js !== null && typeof js !== 'object' && isSecretValue(name, String(js)) && isSecretName(name)) return MASK;
  if (Array.isArray(js)) return maskSecretArgs(js).map((item) => (item !== null && typeof item === 'object' ? maskSecrets(item) : item));
  if (js && typeof js === 'object') return Object.fromEntries(Object.entries(js).map(([k, v]) => [k, maskSecrets(v, k)]));
  return typeof js === 'string' ? maskSecretText(js) : js;
}

/** Plain value of a merged node with secrets masked, including values interpolated from secret-like variables. */
export function maskedValue(m: MNode | undefined, name?: string): unknown {
  if (!m) return undefined;
  if (m.kind === 'map') return Object.fromEntries([...m.entries!].map(([k, v]) => [k, maskedValue(v, k)]));
  if (m.kind === 'seq') return m.items!.map((i) => maskedValue(i));
  if (m.uses?.some((u) => isSecretName(u.name)) && m.value !== '') return MASK;
  return maskSecrets(m.value, name);
}
