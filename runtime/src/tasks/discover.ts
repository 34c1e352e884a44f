/**
 * Compose projects in a workspace folder, from the compose file paths found in it: one project
 * per directory that has a default-named file (compose discovers it and its override itself),
 * one per other compose file (e.g. `docker-compose.prod.yml`), plus explicit file sets.
 */
import path from 'node:path';
import { DEFAULT_BASE_NAMES } from '../../../server/src/engine/project/discovery';

export interface DiscoveredProject {
  /** Short name for the task label, relative to the workspace folder ("." for the root). */
  label: string;
  /** Relative to the workspace folder; set when compose should discover the files itself. */
  projectDirectory?: string;
  /** Relative to the workspace folder, in -f order. */
  files?: string[];
}

const OVERRIDE = /(^|[.-])override\.ya?ml$/i;

/** `relPaths`: compose files relative to the workspace folder (forward slashes). */
export function discoverProjects(relPaths: string[], explicitSets: string[][] = []): DiscoveredProject[] {
  const byDir = new Map<string, string[]>();
  for (const rel of relPaths) {
    if (rel.split('/').some((part) => part === 'node_modules' || part.startsWith('.'))) continue;
    const dir = path.posix.dirname(rel);
    byDir.set(dir, [...(byDir.get(dir) ?? []), path.posix.basename(rel)]);
  }
  const out: DiscoveredProject[] = explicitSets.filter((set) => set.length > 0).map((files) => ({ label: files.join(' + '), files }));
  const explicit = new Set(explicitSets.flat());
  for (const [dir, names] of [...byDir.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const hasDefault = names.some((n) => DEFAULT_BASE_NAMES.includes(n));
    if (hasDefault) out.push({ label: dir, projectDirectory: dir });
    for (const name of names.sort()) {
      const rel = dir === '.' ? name : `${dir}/${name}`;
      if (DEFAULT_BASE_NAMES.includes(name) || OVERRIDE.test(name) || explicit.has(rel)) continue;
      out.push({ label: rel, files: [rel] });
    }
  }
  return out;
}
