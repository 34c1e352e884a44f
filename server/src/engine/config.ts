/** `.ai-stack.json`: workspace configuration shared by the language server and the CLI. */
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { SeveritySetting } from './rule';

export const CONFIG_FILE = '.ai-stack.json';

const severity = z.enum(['error', 'warning', 'info', 'hint', 'off']);

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.record(z.string(), severity).optional().describe('Severity per rule id, or off'),
    ignore: z.array(z.string()).optional().describe('Glob patterns of files not to check'),
    composeFiles: z.array(z.array(z.string())).optional(),
    developmentFiles: z.array(z.string()).optional(),
    target: z.enum(['compose', 'swarm']).optional().describe('Where the compose files are deployed: compose (docker compose up, default) or swarm (docker stack deploy)'),
  })
  .strict();

export type AiStackConfig = z.infer<typeof configSchema>;

export interface ConfigProblem {
  message: string;
  /** JSON path of the bad value, for locating it in the file. */
  path: (string | number)[];
}

export function parseConfig(text: string): { config: AiStackConfig; problems: ConfigProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: {}, problems: [{ message: `${CONFIG_FILE} is not valid JSON: ${(e as Error).message}`, path: [] }] };
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { config: parsed.data, problems: [] };
  return {
    config: {},
    problems: parsed.error.issues.map((i) => ({
      message: `${CONFIG_FILE}: ${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`,
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    })),
  };
}

/** Severity overrides from settings win over the file's, which win over rule defaults. */
export function mergeSeverities(...layers: (Record<string, SeveritySetting> | undefined)[]): Record<string, SeveritySetting> {
  return Object.assign({}, ...layers.filter(Boolean));
}

/** Default of `developmentFiles` (and of the `aiStack.developmentFiles` setting): matched against a file's base name. */
export const DEFAULT_DEVELOPMENT_PATTERNS = ['*.override.yml', '*.override.yaml', '*.dev.yml', '*.dev.yaml', 'compose.dev*'];

/** The `.ai-stack.json` that applies to a file, or none (`file` undefined: defaults only). */
export interface ResolvedConfig {
  /** Absolute path of the config file. */
  file?: string;
  config: AiStackConfig;
  problems: ConfigProblem[];
}

/**
 * The one `.ai-stack.json` lookup of the language server and the CLI: the nearest config in the
 * file's directory or above (not above `stop`, when given). `read` returns undefined for "no file";
 * an invalid config is returned with its problems (and an empty config), never skipped.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, ResolvedConfig>();

  constructor(private readonly read: (file: string) => string | undefined) {}

  forFile(file: string, stop?: string): ResolvedConfig {
    const visited: string[] = [];
    let dir = path.dirname(path.resolve(file));
    for (;;) {
      const hit = this.byDir.get(dir);
      if (hit) return this.remember(visited, hit);
      visited.push(dir);
      const found = this.load(path.join(dir, CONFIG_FILE));
      if (found) return this.remember(visited, found);
      const parent = path.dirname(dir);
      if (parent === dir || (stop !== undefined && path.resolve(stop) === dir)) return this.remember(visited, { config: {}, problems: [] });
      dir = parent;
    }
  }

  /** The config at exactly this path, or undefined when there is no such file. */
  load(file: string): ResolvedConfig | undefined {
    const text = this.read(file);
    return text === undefined ? undefined : { file: path.resolve(file), ...parseConfig(text) };
  }

  invalidate(): void {
    this.byDir.clear();
  }

  private remember(dirs: string[], resolved: ResolvedConfig): ResolvedConfig {
    for (const d of dirs) this.byDir.set(d, resolved);
    return resolved;
  }
}

/** One message for all the problems of a config (the editor shows it on the file, the CLI prints it). */
export function configProblemMessage(problems: readonly ConfigProblem[]): string {
  return `invalid configuration:\n${problems.map((p) => `  ${p.message}`).join('\n')}`;
}

/** True when the config's `ignore` globs (relative to the config's directory) match the file. */
export function isIgnoredByConfig(resolved: Pick<ResolvedConfig, 'file' | 'config'>, file: string): boolean {
  const patterns = resolved.config.ignore;
  if (!patterns?.length || !resolved.file) return false;
  const rel = path.relative(path.dirname(resolved.file), path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('../')) return false;
  return picomatch.isMatch(rel, patterns, { dot: true });
}

/** Development overrides (published DB ports, bind-mounted source are normal there): matched by base name. */
export function isDevelopmentPath(file: string, patterns: readonly string[] = DEFAULT_DEVELOPMENT_PATTERNS): boolean {
  return picomatch.isMatch(path.basename(file), patterns as string[], { nocase: true, dot: true });
}
