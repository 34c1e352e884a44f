/** Hovers never show secret values: values of secret-like names are masked wherever they appear. */
import { SECRET_NAME } from '../compose/facts';

export const MASK = '••••••';

export function maskSecrets(js: unknown, name?: string): unknown {
  if (name !== undefined && SECRET_NAME.test(name) && js !== null && typeof js !== 'object' && js !== '') return MASK;
  if (Array.isArray(js)) return js.map((item) => (typeof item === 'string' ? maskListItem(item) : maskSecrets(item)));
  if (js && typeof js === 'object') return Object.fromEntries(Object.entries(js).map(([k, v]) => [k, maskSecrets(v, k)]));
  return typeof js === 'string' ? maskListItem(js) : js;
}

/** `KEY=value` items of environment lists. */
function maskListItem(s: string): string {
  const eq = s.indexOf('=');
  return eq > 0 && SECRET_NAME.test(s.slice(0, eq)) && eq < s.length - 1 ? `${s.slice(0, eq + 1)}${MASK}` : s;
}

import type { MNode } from '../project/merge';

/** Plain value of a merged node with secrets masked, including values interpolated from secret-like variables. */
export function maskedValue(m: MNode | undefined, name?: string): unknown {
  if (!m) return undefined;
  if (m.kind === 'map') return Object.fromEntries([...m.entries!].map(([k, v]) => [k, maskedValue(v, k)]));
  if (m.kind === 'seq') return m.items!.map((i) => maskedValue(i));
  if (m.uses?.some((u) => SECRET_NAME.test(u.name)) && m.value !== '') return MASK;
  return maskSecrets(m.value, name);
}
