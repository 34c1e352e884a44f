/** The `ai-stack` task definition (package.json taskDefinitions), validated with zod. */
import { z } from 'zod';

export const TASK_TYPE = 'ai-stack';
export const TASK_ACTIONS = ['migrate', 'smoke', 'wait-healthy', 'deploy'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be greater than 0`);

export const taskDefinitionSchema = z.object({
  type: z.literal(TASK_TYPE).optional(),
  action: z.enum(TASK_ACTIONS, { error: `action must be one of ${TASK_ACTIONS.join(', ')}` }),
  service: z.string().min(1, 'service must not be empty').optional(),
  command: z.array(z.string(), { error: 'command must be an array of strings, e.g. ["alembic", "upgrade", "head"]' }).min(1, 'command must not be empty').optional(),
  files: z.array(z.string(), { error: 'files must be an array of compose file paths' }).optional(),
  projectName: z.string().min(1).optional(),
  projectDirectory: z.string().min(1).optional(),
  urls: z.array(z.string(), { error: 'urls must be an array of URLs or paths' }).optional(),
  expectStatus: z.number().int().min(100).max(599, 'expectStatus must be an HTTP status (100-599)').optional(),
  retries: z.number().int('retries must be a whole number').min(1, 'retries must be at least 1').optional(),
  interval: positive('interval').optional(),
  timeout: positive('timeout').optional(),
  /** Seconds deploy/migrate wait for healthy containers (package.json taskDefinitions should declare it). */
  healthTimeout: positive('healthTimeout').optional(),
  /** deploy without downtime behind nginx (docs/deploy.md). */
  strategy: z.enum(['rolling', 'blue-green'], { error: 'strategy must be rolling or blue-green' }).optional(),
  updateService: z.string().min(1, 'updateService must not be empty').optional(),
  keepOld: positive('keepOld').optional(),
  switchBack: z.boolean({ error: 'switchBack must be true or false' }).optional(),
  /** deploy to a swarm manager with `docker stack deploy` (runtime/src/swarm/deploy.ts). */
  target: z.enum(['compose', 'swarm'], { error: 'target must be compose or swarm' }).optional(),
  stack: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'stack must be a stack name (letters, digits, _ . -)').optional(),
  canary: z.number().int('canary must be a whole number').positive('canary must be at least 1').optional(),
});

export type TaskDefinition = z.infer<typeof taskDefinitionSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates a task definition; the message names each bad field (never throws). */
export function parseTaskDefinition(raw: unknown): Parsed<TaskDefinition> {
  const result = taskDefinitionSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return { ok: false, message: `Invalid ai-stack task: ${message}` };
}
