/** Finding ids the engine reports that are not rule modules (parse problems, a failing rule): documented and in SARIF too. */
import type { RuleMeta } from '../engine/rule';

export const BUILT_IN_RULES: readonly RuleMeta[] = [
  { id: 'yaml-syntax', kind: 'compose', title: 'YAML syntax error', rationale: 'The file is not valid YAML, so Compose cannot read it at all. The finding points at the exact place the parser gave up.', defaultSeverity: 'error' },
  { id: 'yaml-duplicate-key', kind: 'compose', title: 'Duplicate YAML key', rationale: 'YAML keeps only one of two equal keys in a mapping, so one of the two settings is silently lost.', defaultSeverity: 'error' },
  { id: 'file-too-large', kind: 'compose', title: 'File too large to check', rationale: 'Files over 5 MB are not checked, so that the editor stays responsive.', defaultSeverity: 'warning' },
  { id: 'not-a-mapping', kind: 'compose', title: 'Compose file is not a mapping', rationale: 'A compose file must be a YAML mapping with a top-level `services:` key; anything else is rejected by Compose.', defaultSeverity: 'error' },
  { id: 'internal-error', kind: 'compose', title: 'Internal error in a rule', rationale: 'A rule failed on this file; the other rules still ran. Please report it with the file (secrets removed).', defaultSeverity: 'hint' },
];

/** Registry rules first, then the built-in ids the registry does not define itself. */
export function documentedRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules, ...BUILT_IN_RULES.filter((b) => !rules.some((r) => r.id === b.id))];
}
