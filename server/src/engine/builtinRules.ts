/** Finding ids the engine reports that are not rule modules (parse problems, a failing rule): documented and in SARIF too. */
import type { RuleMeta } from '../engine/rule';

export const BUILT_IN_RULES: readonly RuleMeta[] = [
  { id: 'yaml-syntax', kind: 'compose', title: 'YAML syntax error', rationale: 'The file is not valid YAML, so Compose cannot read it at all. The finding points at the exact place the parser gave up.', defaultSeverity: 'error' },
  { id: 'yaml-duplicate-key', kind: 'compose', title: 'Duplicate YAML key', rationale: 'YAML keeps only one of two equal keys in a mapping, so one of the two settings is silently lost.', defaultSeverity: 'error' },
  { id: 'file-too-large', kind: 'compose', title: 'File too large to check', rationale: 'Files over 5 MB are not checked, and at most 50,000 findings are reported per file (the first ones from the top), so that the editor stays responsive and within its memory.', defaultSeverity: 'warning' },
  { id: 'yaml-alias-limit', kind: 'compose', title: 'Alias expands too far', rationale: 'An alias that expands to more than 10,000 nodes (a "billion laughs" anchor nesting aliases of aliases), or an alias inside its own anchor, would exhaust memory. Such aliases are not expanded: the file is checked as if they were null.', defaultSeverity: 'warning' },
  { id: 'yaml-depth-limit', kind: 'compose', title: 'Nesting too deep to check', rationale: 'Collections nested more than 500 levels deep are not checked: no compose file needs this, and checking it would exhaust the stack.', defaultSeverity: 'warning' },
  { id: 'not-a-mapping', kind: 'compose', title: 'Compose file is not a mapping', rationale: 'A compose file must be a YAML mapping with a top-level `services:` key; anything else is rejected by Compose.', defaultSeverity: 'error' },
  { id: 'internal-error', kind: 'compose', title: 'Internal error', rationale: 'A rule failed on this file (a hint: the other rules still ran), or the whole check of the file failed (a warning on its first character: no other finding is reported, so the file must not be taken as clean). Please report it with the file (secrets removed).', defaultSeverity: 'hint' },
];

/** Registry rules first, then the built-in ids the registry does not define itself. */
export function documentedRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules, ...BUILT_IN_RULES.filter((b) => !rules.some((r) => r.id === b.id))];
}
