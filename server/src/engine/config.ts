/** `.ai-stack.json`: workspace configuration shared by the language server and the CLI. */
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
