/** Server-side view of the `aiStack.*` settings (pulled from the client, defaults for other editors). */
import { DEFAULT_COMPOSE_PATTERNS, DEFAULT_DEVELOPMENT_PATTERNS, SeveritySetting } from '../engine';

export interface ServerSettings {
  rules: Record<string, SeveritySetting>;
  composeFilePatterns: string[];
  composeFiles: string[][];
  developmentFiles: string[];
  schemaValidation: boolean;
  missingEnvDiagnostics: boolean;
  /** `aiStack.target`: auto (`.ai-stack.json`, then `docker stack deploy -c` in the workspace's scripts), compose or swarm. */
  target: 'auto' | 'compose' | 'swarm';
  /** `aiStack.diagnostics.scope`: check every compose file and Dockerfile of the workspace, or only open ones. */
  diagnosticsScope: DiagnosticsScope;
  /**
   * The VS Code client's answer when `aiStack.swarm.detectFromEngine` is on and the connected engine is
   * a swarm manager: the last evidence for the swarm target, after `.ai-stack.json` and scripts.
   */
  engineIsSwarmManager: boolean;
}

export type DiagnosticsScope = 'workspace' | 'openFiles';

export const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  composeFilePatterns: DEFAULT_COMPOSE_PATTERNS,
  composeFiles: [],
  developmentFiles: DEFAULT_DEVELOPMENT_PATTERNS,
  schemaValidation: true,
  missingEnvDiagnostics: true,
  target: 'auto',
  diagnosticsScope: 'workspace',
  engineIsSwarmManager: false,
};

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Accepts whatever the client sends; bad values fall back to defaults instead of breaking checks. */
export function normalizeSettings(raw: unknown): ServerSettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown, d: string[]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : d);
  const rules: Record<string, SeveritySetting> = {};
  if (o.rules && typeof o.rules === 'object') {
    for (const [k, v] of Object.entries(o.rules as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as SeveritySetting;
  }
  return {
    rules,
    composeFilePatterns: strings(o.composeFilePatterns, DEFAULT_SETTINGS.composeFilePatterns),
    composeFiles: Array.isArray(o.composeFiles) ? (o.composeFiles as unknown[]).filter((s): s is string[] => Array.isArray(s) && s.every((x) => typeof x === 'string')) : [],
    developmentFiles: strings(o.developmentFiles, DEFAULT_SETTINGS.developmentFiles),
    schemaValidation: typeof o.schemaValidation === 'boolean' ? o.schemaValidation : true,
    missingEnvDiagnostics: typeof o.missingEnvDiagnostics === 'boolean' ? o.missingEnvDiagnostics : true,
    target: o.target === 'compose' || o.target === 'swarm' ? o.target : 'auto',
    diagnosticsScope: scopeOf(o.diagnostics),
    engineIsSwarmManager: (o.swarm as { engineIsManager?: unknown } | undefined)?.engineIsManager === true,
  };
}

/** `diagnostics.scope` arrives nested (`{ diagnostics: { scope } }`) from the client's configuration section. */
function scopeOf(raw: unknown): DiagnosticsScope {
  const scope = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).scope : undefined;
  return scope === 'openFiles' ? 'openFiles' : 'workspace';
}
