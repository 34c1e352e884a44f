/** Task runner entry points (no vscode imports: the extension, the CLI and tests share them). */
import type { TaskOptions } from './context';
import type { TaskAction } from './definition';
import { runDeploy } from './deploy';
import { runMigrate } from './migrate';
import type { Reporter } from './reporter';
import { runSmoke } from './smoke';
import { runWaitHealthy } from './waitHealthy';

export type ActionRunner = (options: TaskOptions, reporter: Reporter, signal?: AbortSignal) => Promise<number>;

export const ACTIONS: Record<TaskAction, ActionRunner> = {
  migrate: runMigrate,
  smoke: runSmoke,
  'wait-healthy': runWaitHealthy,
  deploy: runDeploy,
};

/** Runs one action; a bug inside becomes a reported failure with exit code 1, never an unhandled rejection. */
export async function runAction(action: TaskAction, options: TaskOptions, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  try {
    return await ACTIONS[action](options, reporter, signal);
  } catch (e) {
    reporter.failure(`${action} failed unexpectedly: ${(e as Error).message}`);
    return 1;
  }
}

export { TASK_ACTIONS, TASK_TYPE, parseTaskDefinition } from './definition';
export type { TaskAction, TaskDefinition } from './definition';
export { optionsFromDefinition } from './context';
export type { TaskOptions } from './context';
export { createTextReporter, createMemoryReporter, EXIT } from './reporter';
export type { Reporter } from './reporter';
export { runDeploy, runMigrate, runSmoke, runWaitHealthy };
