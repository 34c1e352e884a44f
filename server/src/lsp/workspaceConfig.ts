/** `.ai-stack.json` lookup (nearest one above a file), cached until a watcher says it changed. */
import fs from 'node:fs';
import path from 'node:path';
import { AiStackConfig, CONFIG_FILE, ConfigProblem, parseConfig } from '../engine';

export interface LoadedConfig {
  path?: string;
  config: AiStackConfig;
  problems: ConfigProblem[];
}

export class WorkspaceConfigs {
  private readonly byDir = new Map<string, LoadedConfig>();

  forFile(filePath: string): LoadedConfig {
    let dir = path.dirname(filePath);
    const visited: string[] = [];
    for (;;) {
      const hit = this.byDir.get(dir);
      if (hit) return this.remember(visited, hit);
      visited.push(dir);
      const candidate = path.join(dir, CONFIG_FILE);
      let text: string | undefined;
      try {
        text = fs.readFileSync(candidate, 'utf8');
      } catch {
        text = undefined;
      }
      if (text !== undefined) return this.remember(visited, { path: candidate, ...parseConfig(text) });
      const parent = path.dirname(dir);
      if (parent === dir) return this.remember(visited, { config: {}, problems: [] });
      dir = parent;
    }
  }

  invalidate(): void {
    this.byDir.clear();
  }

  private remember(dirs: string[], loaded: LoadedConfig): LoadedConfig {
    for (const d of dirs) this.byDir.set(d, loaded);
    return loaded;
  }
}
