/**
 * Which `.ai-stack.json` applies to a file: `--config FILE`, else the project directory's, else the
 * nearest one in the file's directory or above (not above the directory the search is bounded by).
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { AiStackConfig, CONFIG_FILE, parseConfig } from '../engine/config';

/** Same defaults as the `aiStack.developmentFiles` setting. */
export const DEFAULT_DEVELOPMENT_PATTERNS = ['*.override.yml', '*.override.yaml', '*.dev.yml', '*.dev.yaml', 'compose.dev*'];

export interface LoadedConfig {
  /** The config file, or undefined for "no config": defaults only. */
  file?: string;
  config: AiStackConfig;
}

export class ConfigError extends Error {}

export class ConfigLookup {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly fixed?: LoadedConfig;

  /** Throws ConfigError when an explicitly named config is missing or invalid. */
  constructor(explicit: string | undefined, projectDirectory: string | undefined, private readonly boundary: string) {
    if (explicit) this.fixed = load(explicit, true)!;
    else if (projectDirectory) this.fixed = load(path.join(projectDirectory, CONFIG_FILE), false) ?? { config: {} };
  }

  /** Throws ConfigError when the config found is invalid (a silent fallback would hide the user's settings). */
  forFile(file: string): LoadedConfig {
    if (this.fixed) return this.fixed;
    const stop = isInside(file, this.boundary) ? this.boundary : path.parse(file).root;
    return this.search(path.dirname(file), stop);
  }

  private search(dir: string, stop: string): LoadedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const parent = path.dirname(dir);
    const found = load(path.join(dir, CONFIG_FILE), false) ?? (dir === stop || parent === dir ? { config: {} } : this.search(parent, stop));
    this.byDir.set(dir, found);
    return found;
  }
}

function load(file: string, required: boolean): LoadedConfig | undefined {
  let text: string;
  try {
    // A FIFO or a device would block or never end: only a regular file is read.
    if (!fs.statSync(file).isFile()) throw new ConfigError(`${file}: not a regular file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw new ConfigError(`${file}: cannot read config (${code ?? (e as Error).message})`);
  }
  const { config, problems } = parseConfig(text);
  if (problems.length) throw new ConfigError(`${file}: invalid configuration:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
  return { file: path.resolve(file), config };
}

/** True when the config's `ignore` globs (relative to the config's directory) match the file. */
export function isIgnored(loaded: LoadedConfig, file: string): boolean {
  const patterns = loaded.config.ignore;
  if (!patterns?.length || !loaded.file) return false;
  const rel = path.relative(path.dirname(loaded.file), file).split(path.sep).join('/');
  return picomatch.isMatch(rel, patterns, { dot: true });
}

/** Development overrides (published DB ports, bind-mounted source are normal there): matched by base name. */
export function isDevelopmentFile(loaded: LoadedConfig, file: string): boolean {
  return picomatch.isMatch(path.basename(file), loaded.config.developmentFiles ?? DEFAULT_DEVELOPMENT_PATTERNS, { nocase: true, dot: true });
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
