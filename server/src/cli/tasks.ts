/** `ai-stack migrate|smoke|wait-healthy|deploy`: owned by the tasks feature (runtime/src/tasks). */
export const TASK_COMMANDS = ['migrate', 'smoke', 'wait-healthy', 'deploy'] as const;

export async function runTaskCommand(command: string, _args: string[]): Promise<number> {
  process.stderr.write(`ai-stack ${command}: not available in this build\n`);
  return 2;
}
