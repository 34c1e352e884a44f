/**
 * Completion from the text around the cursor (the line being typed rarely parses): service names
 * in depends_on, condition values, defined networks/secrets/configs, and the hardening keys the
 * rules ask for at the service level.
 */
import type { ComposeProject } from '../project/project';
import { definedNames } from '../project/references';

export interface CompletionInfo {
  label: string;
  kind: 'service' | 'value' | 'key' | 'reference';
  detail?: string;
  /** Snippet syntax (`${1:…}`) when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
}

const CONDITIONS: CompletionInfo[] = [
  { label: 'service_healthy', kind: 'value', detail: 'wait until the dependency’s healthcheck passes' },
  { label: 'service_started', kind: 'value', detail: 'wait until the container has started (default)' },
  { label: 'service_completed_successfully', kind: 'value', detail: 'wait until it exits with code 0 (migrations, init jobs)' },
];

/** Keys the hardening rules ask for, with the values they accept. */
export const HARDENING_KEYS: CompletionInfo[] = [
  { label: 'cap_drop', kind: 'key', detail: 'cap-drop-all', insertText: 'cap_drop: [ALL]' },
  { label: 'read_only', kind: 'key', detail: 'read-only-rootfs', insertText: 'read_only: true' },
  { label: 'security_opt', kind: 'key', detail: 'no-new-privileges', insertText: 'security_opt:\n  - "no-new-privileges:true"' },
  { label: 'user', kind: 'key', detail: 'non-root-user', insertText: 'user: "${1:1000:1000}"', snippet: true },
  { label: 'pids_limit', kind: 'key', detail: 'pids-limit', insertText: 'pids_limit: ${1:256}', snippet: true },
  { label: 'restart', kind: 'key', detail: 'restart-policy', insertText: 'restart: ${1|unless-stopped,on-failure,always|}', snippet: true },
  { label: 'tmpfs', kind: 'key', detail: 'scratch space for read_only', insertText: 'tmpfs:\n  - /tmp' },
  {
    label: 'deploy',
    kind: 'key',
    detail: 'cpu-limit, memory-limit',
    insertText: 'deploy:\n  resources:\n    limits:\n      cpus: "${1:1.0}"\n      memory: ${2:512M}',
    snippet: true,
  },
  {
    label: 'logging',
    kind: 'key',
    detail: 'logging-rotation',
    insertText: 'logging:\n  driver: json-file\n  options:\n    max-size: "${1:10m}"\n    max-file: "${2:3}"',
    snippet: true,
  },
  {
    label: 'healthcheck',
    kind: 'key',
    detail: 'healthcheck-required',
    insertText: 'healthcheck:\n  test: ["CMD", "${1:wget}", "-qO-", "http://127.0.0.1:${2:8080}/health"]\n  interval: 10s\n  timeout: 5s\n  retries: 5',
    snippet: true,
  },
];

export function completionsAt(project: ComposeProject, filePath: string, offset: number): CompletionInfo[] {
  const file = project.fileAt(filePath);
  if (!file) return [];
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const parents = parentKeys(text, lineStart, indentOf(before));
  if (/^\s*condition:\s*\S*$/.test(before)) return CONDITIONS;
  const [section, svcName, setting] = parents;
  if (section !== 'services' || !svcName) return [];
  const svc = project.service(svcName);
  if (parents.length === 2 && /^\s*[A-Za-z_]*$/.test(before)) {
    const present = new Set(svc?.keys([]) ?? []);
    return HARDENING_KEYS.filter((k) => !present.has(k.label));
  }
  if (parents.length === 3 && /^\s*(-\s*)?[\w.-]*$/.test(before)) {
    if (setting === 'depends_on') {
      // Short form (a list of names) or long form (a map: its keys); the value may be anything while typing.
      const written = svc?.get(['depends_on'])?.js;
      const listed = Array.isArray(written) ? written.filter((x): x is string => typeof x === 'string') : [];
      const taken = new Set([svcName, ...(svc?.keys(['depends_on']) ?? []), ...listed]);
      return project.services.filter((s) => !taken.has(s.name)).map((s) => ({ label: s.name, kind: 'service', detail: imageOf(s.get(['image'])?.js) }));
    }
    if (setting === 'networks' || setting === 'secrets' || setting === 'configs') {
      return [...definedNames(project, setting)].filter((n) => n !== 'default' || setting !== 'networks').map((n) => ({ label: n, kind: 'reference', detail: `top-level ${setting}` }));
    }
  }
  return [];
}

function imageOf(js: unknown): string | undefined {
  return typeof js === 'string' ? js : undefined;
}

function indentOf(line: string): number {
  return line.match(/^[\s-]*/)![0].length;
}

/** Keys of the enclosing mappings, found by walking up to lines with less indentation. */
export function parentKeys(text: string, lineStart: number, indent: number): string[] {
  const keys: string[] = [];
  let limit = indent;
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const lineIndent = line.match(/^\s*/)![0].length;
    if (lineIndent >= limit) continue;
    const key = line.trimStart().replace(/^-\s*/, '').match(/^["']?([^"':#]+)["']?\s*:/)?.[1];
    if (key) keys.unshift(key.trim());
    limit = lineIndent;
  }
  return keys;
}
