/** `ai-stack deploy --target swarm …`: argument parsing and the run (exit codes as the task CLI). */
import { ArgCursor } from './argCursor';
import { createTextReporter, EXIT } from '../../../runtime/src/tasks/reporter';
import { deployToSwarm, type SwarmDeployOptions } from '../../../runtime/src/swarm/deploy';

export const SWARM_DEPLOY_HELP = `Usage: ai-stack deploy --target swarm [options]

  docker stack deploy -c FILE… STACK on a swarm manager, then follow every service until it
  converges (tasks running/desired, update state); exit 1 when an update rolls back, with the
  task errors that caused it.

Options:
  -f, --file FILE        compose file (repeatable)
  --stack NAME           stack name (default: the compose project name); -p is the same
  --canary N             first run N replicas of each service whose image changes as a temporary
                         service <stack>_<service>-canary beside the old ones; once healthy through
                         the service's update monitor period, remove it and roll out the rest
  --service NAME         limit --canary to this service (repeatable)
  --timeout SECONDS      how long to wait for convergence (default 300)
  --docker-host URL      the manager (default DOCKER_HOST, the current context, the local socket)
  --no-color             plain output

Exit codes: 0 converged, 1 rolled back / paused / not converged / canary failed, 2 usage, 130 interrupted.`;

export type SwarmArgs = { ok: true; options: SwarmDeployOptions; color: boolean } | { ok: false; message: string } | { help: true };

export function parseSwarmDeployArgs(args: string[]): SwarmArgs {
  const options: SwarmDeployOptions = { files: [] };
  let color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const cursor = new ArgCursor(args);
  while (cursor.next()) {
    const { name } = cursor;
    const value = (): string | undefined => cursor.value();
    let problem: string | undefined;
    const positive = (): number | undefined => {
      const v = value();
      const n = Number(v);
      if (v !== undefined && Number.isInteger(n) && n > 0) return n;
      problem = `${name} needs a whole number > 0, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      return undefined;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { help: true };
      case '--target': {
        const v = value();
        if (v !== 'swarm') return { ok: false, message: `--target must be swarm here, got ${JSON.stringify(v)}` };
        break;
      }
      case '-f':
      case '--file': {
        const v = value();
        if (!v) return { ok: false, message: `${name} needs a file` };
        options.files.push(v);
        break;
      }
      case '-p':
      case '--project-name':
      case '--stack':
        options.stack = value();
        if (!options.stack || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(options.stack)) return { ok: false, message: `${name} needs a stack name (letters, digits, _ . -)` };
        break;
      case '--canary':
        options.canary = positive();
        break;
      case '--service': {
        const v = value();
        if (!v) return { ok: false, message: '--service needs a service name' };
        (options.canaryServices ??= []).push(v);
        break;
      }
      case '--timeout':
        options.timeout = positive();
        break;
      case '--docker-host':
        options.dockerHost = value();
        if (!options.dockerHost) return { ok: false, message: '--docker-host needs a URL' };
        break;
      case '--no-color':
      case '--color':
        color = cursor.colorFlag();
        break;
      default:
        return { ok: false, message: cursor.unknownOption('deploy --target swarm') };
    }
    if (problem) return { ok: false, message: problem };
  }
  if (options.canaryServices && !options.canary) return { ok: false, message: '--service only selects services for --canary' };
  return { ok: true, options, color };
}

export async function runSwarmDeploy(args: string[]): Promise<number> {
  const parsed = parseSwarmDeployArgs(args);
  if ('help' in parsed) {
    process.stdout.write(SWARM_DEPLOY_HELP + '\n');
    return EXIT.ok;
  }
  if (!parsed.ok) {
    process.stderr.write(`ai-stack deploy: ${parsed.message}\n\n${SWARM_DEPLOY_HELP}\n`);
    return EXIT.usage;
  }
  const reporter = createTextReporter((t) => process.stdout.write(t), { color: parsed.color });
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return (await deployToSwarm({ cwd: process.cwd(), ...parsed.options }, reporter, abort.signal)).code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
