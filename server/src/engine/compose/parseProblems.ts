/**
 * The findings a compose file's parse problems become (YAML errors, limits, not a mapping): one
 * construction for the single-file analyzer and for every member of a project.
 */
import { builtInSeverity } from '../builtinRules';
import type { Finding } from '../rule';
import type { SourceFile } from './sourceFile';

export const PARSE_RULE_IDS: readonly string[] = ['yaml-syntax', 'yaml-duplicate-key', 'file-too-large', 'not-a-mapping', 'yaml-alias-limit', 'yaml-depth-limit'];

export function parseProblemFindings(file: SourceFile): Finding[] {
  const findings: Finding[] = file.problems.map((p) => ({ ruleId: p.code, severity: builtInSeverity(p.code), message: p.message, file: file.path, range: p.range }));
  if (file.doc?.contents && !file.root) {
    findings.push({ ruleId: 'not-a-mapping', severity: builtInSeverity('not-a-mapping'), message: 'A compose file must be a mapping with a top-level `services:` key.', file: file.path, range: file.rangeOf(file.doc.contents) });
  }
  return findings;
}
