// Runtime audit of one container: its effective configuration (inspect) written as a compose service
// (inspectCompose.ts) and checked by the same compose rules as the file checker, so a running container
// shows the findings its service would, with the same rule ids, titles and docs anchors. Rules about
// the file itself or about relations between services do not apply to one container and are skipped.
import { analyze } from '../../../server/src/engine';
import { composeRules } from '../../../server/src/engine/rules/compose';
import type { Severity } from '../../../server/src/engine/rule';
import { auditInspectSchema, inspectToCompose } from './inspectCompose';

export interface AuditFinding {
  /** Id of the compose rule (docs/rules.md#<ruleId>). */
  ruleId: string;
  /** The rule's title. */
  title: string;
  severity: Severity;
  /** The rule's message about the container's service (values are never part of it). */
  message: string;
  /** Top-level key of the service that fixes it (for "go to compose service"); absent when it is missing. */
  composeKey?: string;
}

/**
 * Rules that say nothing about a running container, each with the reason. Everything else runs, so a
 * new rule about a service's settings reaches the runtime audit without being listed here.
 */
export const NOT_FOR_RUNNING_CONTAINERS: Readonly<Record<string, string>> = {
  'service-shape': 'file layout',
  'no-version-field': 'file layout',
  'container-name-valid': 'file layout (the engine accepted the name)',
  'ports-quoted': 'file layout',
  'compose-schema': 'file layout',
  'interpolation-syntax': 'interpolation is resolved at runtime',
  'image-tag-from-env-default': 'interpolation is resolved at runtime',
  'env-required-missing': 'interpolation is resolved at runtime',
  'env-variable-unset': 'interpolation is resolved at runtime',
  'required-env-fail-fast': 'interpolation is resolved at runtime',
  'hf-token-required': 'interpolation is resolved at runtime',
  'no-hardcoded-secrets': 'every value is literal at runtime, also those read from .env',
  'project-file-missing': 'files of a project',
  'undefined-reference': 'files of a project',
  'depends-on-healthy': 'relation between services',
  'depends-on-unhealthy-target': 'relation between services',
  'service-unreachable': 'relation between services',
  'model-server-depends-on': 'relation between services',
  'no-duplicate-container-names': 'relation between services',
  'no-duplicate-exported-ports': 'relation between services',
  'container-name-blocks-update': 'every container has a name',
  'fixed-host-port-behind-proxy': 'relation to a deploy proxy',
  'proxy-all-interfaces': 'relation to a deploy proxy',
  'stop-grace-period-served': 'relation to a deploy proxy',
};

const SKIPPED = Object.fromEntries(Object.keys(NOT_FOR_RUNNING_CONTAINERS).map((id) => [id, 'off' as const]));
const RULES = new Map(composeRules.map((r) => [r.id, r]));

/** Findings of the compose rules on the container's effective configuration (`raw`: the inspect answer). */
export function auditContainer(raw: unknown): AuditFinding[] {
  const parsed = auditInspectSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`The Docker engine sent an inspect answer the audit cannot read: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  const { text } = inspectToCompose(parsed.data);
  const analysis = analyze('running-container.compose.yaml', text, { severities: SKIPPED }, 'compose');
  if (!analysis) return [];
  return analysis.findings
    .filter((f) => RULES.has(f.ruleId) && !(f.ruleId in NOT_FOR_RUNNING_CONTAINERS))
    .map((f) => ({
      ruleId: f.ruleId,
      title: RULES.get(f.ruleId)!.title,
      severity: f.severity,
      message: f.message,
      composeKey: serviceKeyAt(text, f.range.start),
    }));
}

/** The key under the service (4 spaces in, as `inspectToCompose` writes) whose block holds `offset`. */
function serviceKeyAt(text: string, offset: number): string | undefined {
  const lines = text.slice(0, offset).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = i === lines.length - 1 ? lines[i] + text.slice(offset).split('\n')[0] : lines[i];
    const key = /^ {4}([A-Za-z_]+):/.exec(line);
    if (key) return key[1];
    if (/^ {0,2}\S/.test(line)) return undefined; // the service key itself, or above it
  }
  return undefined;
}
