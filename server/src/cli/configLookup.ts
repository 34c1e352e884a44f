/**
 * Which `.ai-stack.json` applies to a file: `--config FILE`, else the project directory's, else the
 * nearest one in the file's directory or above (not above the directory the search is bounded by).
 * The search, `ignore` and development-file matching are the engine's (engine/config.ts), as in the editor.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AiStackConfig, CONFIG_FILE, ConfigResolver, configProblemMessage, DEFAULT_DEVELOPMENT_PATTERNS, isDevelopmentPath, isIgnoredByConfig, ResolvedConfig } from '../engine/config';

export { DEFAULT_DEVELOPMENT_PATTERNS };

export interface LoadedConfig {
  /** The config file, or undefined for "no config": defaults only. */
  file?: string;
  config: AiStackConfig;
}

export class ConfigError extends Error {}

export class ConfigLookup {
  private readonly resolver = new ConfigResolver(readConfigText);
  private readonly fixed?: LoadedConfig;

  /** Throws ConfigError when an explicitly named config is missing or invalid. */
  constructor(explicit: string | undefined, projectDirectory: string | undefined, private readonly boundary: string) {
    if (explicit) {
      const found = this.resolver.load(explicit);
      if (!found) throw new ConfigError(`${explicit}: cannot read config (ENOENT)`);
      this.fixed = checked(found);
    } else if (projectDirectory) {
      const found = this.resolver.load(path.join(projectDirectory, CONFIG_FILE));
      this.fixed = found ? checked(found) : { config: {} };
    }
  }

  /** Throws ConfigError when the config found is invalid (a silent fallback would hide the user's settings). */
  forFile(file: string): LoadedConfig {
    if (this.fixed) return this.fixed;
    return checked(this.resolver.forFile(file, isInside(file, this.boundary) ? this.boundary : undefined));
  }
}

function checked(resolved: ResolvedConfig): LoadedConfig {
  if (resolved.problems.length) throw new ConfigError(`${resolved.file}: ${configProblemMessage(resolved.problems)}`);
  return { file: resolved.file, config: resolved.config };
}

/** undefined for "no config here"; a config that exists but cannot be read is an error. */
function readConfigText(file: string): string | undefined {
  let text: string;
  try {
    // A FIFO or a device would block or never end: only a regular file is read.
    if (!fs.statSync(file).isFile()) throw new ConfigError(`${file}: not a regular file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`${file}: cannot read config (${code ?? (e as Error).message})`);
  }
  return text;
}

/** True when the config's `ignore` globs (relative to the config's directory) match the file. */
export function isIgnored(loaded: LoadedConfig, file: string): boolean {
  return isIgnoredByConfig(loaded, file);
}

export function isDevelopmentFile(loaded: LoadedConfig, file: string): boolean {
  return isDevelopmentPath(file, loaded.config.developmentFiles ?? DEFAULT_DEVELOPMENT_PATTERNS);
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
