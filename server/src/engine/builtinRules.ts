/**
 * Finding ids the engine reports that are not rule modules (parse problems, a failing rule). Their
 * metadata lives here, in the engine, so that every adapter knows them: docs/rules.md and SARIF
 * describe them, hovers explain them, and `.ai-stack.json` may set their severity.
 */
import type { RuleMeta, Severity } from './rule';

export const BUILT_IN_RULES: readonly RuleMeta[] = [
  { id: 'yaml-syntax', kind: 'compose', title: 'YAML syntax error', rationale: 'The file is not valid YAML, so Compose cannot read it at all. The finding points at the exact place the parser gave up.', defaultSeverity: 'error' },
  { id: 'yaml-duplicate-key', kind: 'compose', title: 'Duplicate YAML key', rationale: 'YAML keeps only one of two equal keys in a mapping, so one of the two settings is silently lost.', defaultSeverity: 'error' },
  { id: 'file-too-large', kind: 'compose', title: 'File too large to check', rationale: 'Files over 5 MB or with more than 10,000 services are not checked, and at most 50,000 findings are reported per file (the first ones from the top), so that the editor stays responsive and within its memory.', defaultSeverity: 'warning' },
  { id: 'yaml-alias-limit', kind: 'compose', title: 'Alias expands too far', rationale: 'An alias that expands to more than 10,000 nodes (a "billion laughs" anchor nesting aliases of aliases), or an alias inside its own anchor, would exhaust memory. Such aliases are not expanded: the file is checked as if they were null.', defaultSeverity: 'warning' },
  { id: 'yaml-depth-limit', kind: 'compose', title: 'Nesting too deep to check', rationale: 'Collections nested more than 500 levels deep are not checked: no compose file needs this, and checking it would exhaust the stack.', defaultSeverity: 'warning' },
  { id: 'not-a-mapping', kind: 'compose', title: 'Compose file is not a mapping', rationale: 'A compose file must be a YAML mapping with a top-level `services:` key; anything else is rejected by Compose.', defaultSeverity: 'error' },
  { id: 'dockerfile-syntax', kind: 'dockerfile', title: 'Dockerfile syntax error', rationale: 'The Dockerfile cannot be built as written: it has no `FROM` instruction (reported at the first instruction), or it could not be parsed at all, or it is over 5 MB and not checked.', defaultSeverity: 'error' },
  { id: 'internal-error', kind: 'compose', title: 'Internal error', rationale: 'A rule failed on this file (a hint: the other rules still ran), or the whole check of the file failed (a warning on its first character: no other finding is reported, so the file must not be taken as clean). Please report it with the file (secrets removed).', defaultSeverity: 'hint' },
];

/** The rules given (the registry) first, then the built-in ids they do not define themselves. */
export function withBuiltInRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules, ...BUILT_IN_RULES.filter((b) => !rules.some((r) => r.id === b.id))];
}

/** A built-in finding's severity (parse errors are errors; limits are warnings: the file is valid, just not fully checked). */
export function builtInSeverity(id: string): Severity {
  const meta = BUILT_IN_RULES.find((b) => b.id === id);
  if (!meta) throw new Error(`${id} is not a built-in finding id`);
  return meta.defaultSeverity;
}
