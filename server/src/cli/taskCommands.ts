/** The task subcommands, in a module of their own so `main.ts` can dispatch without loading the Docker stack. */
export const TASK_COMMANDS = ['migrate', 'smoke', 'wait-healthy', 'deploy'] as const;

/** `deploy --target swarm` (or `--target=swarm`) goes to the swarm deployer (swarmDeploy.ts). */
export function wantsSwarmTarget(args: readonly string[]): boolean {
  return args.some((a, i) => a === '--target=swarm' || (a === '--target' && args[i + 1] === 'swarm'));
}
