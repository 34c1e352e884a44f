/** Loading fixture projects from disk for the project tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../../server/src/engine';
import { loadProject, LoadOptions } from '../../server/src/engine/project/project';

export const FIXTURES = path.resolve(__dirname, '../fixtures/project');

export function diskReader(overrides: Record<string, string> = {}) {
  return (p: string): string | undefined => {
    if (p in overrides) return overrides[p];
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
}

export function fixtureProject(dir: string, files: string[], options: Partial<LoadOptions> = {}) {
  const base = path.join(FIXTURES, dir);
  return loadProject({ files: files.map((f) => path.join(base, f)), read: diskReader(), ...options });
}
