/** SARIF 2.1.0 rendering for code scanning: one run, rules from the registry, 1-based regions. */
import { pathToFileURL } from 'node:url';
import type { RuleMeta, Severity } from '../engine/rule';
import { withBuiltInRules } from '../engine/builtinRules';
import type { CheckReport, Located } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where rule docs live, relative to the repository root (the rule id is the anchor). */
export const RULES_DOC = 'docs/rules.md';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function renderSarif(report: CheckReport, rules: readonly RuleMeta[], version: string): string {
  const descriptors = withBuiltInRules(rules).map(descriptor);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f.location) }],
    ...(f.related.length
      ? { relatedLocations: f.related.map((r, id) => ({ id, physicalLocation: physical(r), message: { text: r.message } })) }
      : {}),
    ...(f.service ? { properties: { service: f.service } } : {}),
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ai-stack', version, semanticVersion: version, rules: descriptors } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(report.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function descriptor({ id, title, rationale, defaultSeverity, fixDescription: fix }: RuleMeta) {
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: rationale },
    help: { text: fix ? `${rationale}\n\nFix: ${fix}` : rationale, markdown: fix ? `${rationale}\n\n**Fix:** ${fix}` : rationale },
    helpUri: `${RULES_DOC}#${id}`,
    defaultConfiguration: { level: LEVEL[defaultSeverity] },
  };
}

/** Files under the working directory are relative to SRCROOT (what code scanning expects); others are absolute file URIs. */
function physical(l: Located) {
  const relative = l.display !== l.path;
  return {
    artifactLocation: relative ? { uri: encodeURI(l.display), uriBaseId: 'SRCROOT' } : { uri: pathToFileURL(l.path).href },
    region: { startLine: l.start.line, startColumn: l.start.column, endLine: l.end.line, endColumn: l.end.column },
  };
}
