/** The task subcommands, in a module of their own so `main.ts` can dispatch without loading the Docker stack. */
export const TASK_COMMANDS = ['migrate', 'smoke', 'wait-healthy', 'deploy'] as const;
