/** `.ai-stack.json` lookup (nearest one above a file), cached until a watcher says it changed: the engine's ConfigResolver, as the CLI. */
import fs from 'node:fs';
import { ConfigResolver, ResolvedConfig } from '../engine';

export interface LoadedConfig extends ResolvedConfig {
  path?: string;
}

export class WorkspaceConfigs {
  private readonly resolver = new ConfigResolver((file) => {
    try {
      return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  });

  forFile(filePath: string): LoadedConfig {
    const resolved = this.resolver.forFile(filePath);
    return { ...resolved, path: resolved.file };
  }

  invalidate(): void {
    this.resolver.invalidate();
  }
}
