/** SARIF 2.1.0 rendering for code scanning: one run, rules from the registry, 1-based regions. */
import { pathToFileURL } from 'node:url';
import type { RuleMeta, Severity } from '../engine/rule';
import type { CheckReport, Located } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where rule docs live, relative to the repository root (the rule id is the anchor). */
export const RULES_DOC = 'docs/rules.md';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Ids the engine reports that are not rule modules (parse problems, a crashing rule). */
const BUILT_IN: Record<string, { title: string; rationale: string; severity: Severity }> = {
  'yaml-syntax': { title: 'YAML syntax error', rationale: 'The file is not valid YAML, so Compose cannot read it.', severity: 'error' },
  'yaml-duplicate-key': { title: 'Duplicate YAML key', rationale: 'YAML keeps only one of two equal keys in a mapping, so one of the settings is silently lost.', severity: 'error' },
  'file-too-large': { title: 'File too large to check', rationale: 'Very large files are not checked, to keep the editor responsive.', severity: 'warning' },
  'not-a-mapping': { title: 'Compose file is not a mapping', rationale: 'A compose file must be a mapping with a top-level services key.', severity: 'error' },
  'internal-error': { title: 'Internal error in a rule', rationale: 'A rule failed on this file; the other rules still ran. Please report it.', severity: 'hint' },
};

export function renderSarif(report: CheckReport, rules: readonly RuleMeta[], version: string): string {
  const descriptors = [
    ...rules.map((r) => descriptor(r.id, r.title, r.rationale, r.defaultSeverity, r.fixDescription)),
    ...Object.entries(BUILT_IN)
      .filter(([id]) => !rules.some((r) => r.id === id))
      .map(([id, b]) => descriptor(id, b.title, b.rationale, b.severity)),
  ];
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

function descriptor(id: string, title: string, rationale: string, severity: Severity, fix?: string) {
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: rationale },
    help: { text: fix ? `${rationale}\n\nFix: ${fix}` : rationale, markdown: fix ? `${rationale}\n\n**Fix:** ${fix}` : rationale },
    helpUri: `${RULES_DOC}#${id}`,
    defaultConfiguration: { level: LEVEL[severity] },
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
