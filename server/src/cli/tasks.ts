/**
 * `ai-stack migrate|smoke|wait-healthy|deploy`: the task runner for CI. Same options as the
 * `ai-stack` task type; exit codes 0 ok, 1 a step failed, 2 usage, 130 interrupted.
 */
import type { ComposeCommandSetting } from '../../../runtime/src/compose/cli';
import type { TaskOptions } from '../../../runtime/src/tasks/context';
import type { TaskAction } from '../../../runtime/src/tasks/definition';
import { runAction } from '../../../runtime/src/tasks';
import { createTextReporter, EXIT } from '../../../runtime/src/tasks/reporter';

import { ArgCursor } from './argCursor';
import { TASK_COMMANDS, wantsSwarmTarget } from './taskCommands';

export { TASK_COMMANDS };

const HELP = `Usage: ai-stack <migrate|smoke|wait-healthy|deploy> [options]

  migrate       run the migration as a one-off container (compose run --rm), never up
  smoke         GET /health, /ready (and /docs for FastAPI) on each app service's published port
  wait-healthy  wait until every container with a healthcheck is healthy
  deploy        pull (missing images only) → migrate → up -d → wait-healthy → smoke;
                with --strategy: an update without downtime behind nginx (docs/deploy.md);
                --target swarm: docker stack deploy + follow (deploy --target swarm --help)

Options:
  -f, --file FILE            compose file (repeatable, in -f order)
  -p, --project-name NAME    compose project name
  --project-directory DIR    compose project directory
  --service NAME             service the migration runs in (migrate, deploy) / to smoke-test
  --command ARG…             migration command; every following argument up to the next
                             option belongs to it (use --command -- ARG… for arguments with dashes)
  --url URL|PATH             smoke check URL, or a path for each app service (repeatable)
  --expect-status N          expected HTTP status (default 200)
  --retries N                attempts per smoke check (default 5)
  --interval SECONDS         pause between attempts (default 2)
  --timeout SECONDS          per smoke request (default 5); whole wait for wait-healthy (default 120)
  --health-timeout SECONDS   how long deploy/migrate wait for healthy containers (default 120)
  --strategy rolling|blue-green
                             deploy without downtime: start the new version beside the old,
                             verify it, switch the nginx upstream, drain and stop the old
  --update-service NAME      the service behind the proxy to update (when it serves several)
  --keep-old SECONDS         blue-green: keep the old colour running this long for --switch-back
  --switch-back              blue-green: switch the proxy back to the previous colour
  --compose-command CMD      auto | "docker compose" | docker-compose (default auto)
  --docker-host URL          Docker engine (default DOCKER_HOST or the local socket)
  --no-color                 plain output

Exit codes: 0 success, 1 a step failed, 2 usage error, 130 interrupted.`;

type Parsed = { ok: true; options: TaskOptions; color: boolean } | { ok: false; message: string } | { help: true };

const COMPOSE_COMMANDS: readonly ComposeCommandSetting[] = ['auto', 'docker compose', 'docker-compose'];

export function parseTaskArgs(args: string[]): Parsed {
  const options: TaskOptions = {};
  let color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const files: string[] = [];
  const urls: string[] = [];
  const cursor = new ArgCursor(args);
  while (cursor.next()) {
    const { name, inline } = cursor;
    const value = (): string | undefined => cursor.value();
    const number = (what: string): number | string => {
      const v = value();
      const n = Number(v);
      return v === undefined || v.trim() === '' || !Number.isFinite(n) || n <= 0 ? `${what} needs a positive number, got ${v === undefined ? 'nothing' : JSON.stringify(v)}` : n;
    };
    let problem: string | undefined;
    const set = <K extends keyof TaskOptions>(key: K, v: number | string) => {
      if (typeof v === 'string') problem = v;
      else (options as Record<string, unknown>)[key] = v;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { help: true };
      case '-f':
      case '--file': {
        const v = value();
        if (!v) return { ok: false, message: `${name} needs a file` };
        files.push(v);
        break;
      }
      case '-p':
      case '--project-name':
        options.projectName = value();
        if (!options.projectName) return { ok: false, message: `${name} needs a name` };
        break;
      case '--project-directory':
        options.projectDirectory = value();
        if (!options.projectDirectory) return { ok: false, message: `${name} needs a directory` };
        break;
      case '--service':
        options.service = value();
        if (!options.service) return { ok: false, message: `${name} needs a service name` };
        break;
      case '--command': {
        const rest: string[] = [];
        if (inline !== undefined) rest.push(inline);
        if (cursor.peek() === '--') rest.push(...cursor.rest().slice(1));
        else rest.push(...cursor.takeWhile((a) => !a.startsWith('-')));
        if (rest.length === 0) return { ok: false, message: '--command needs the migration command, e.g. --command alembic upgrade head' };
        options.command = rest;
        break;
      }
      case '--url': {
        const v = value();
        if (!v) return { ok: false, message: '--url needs a URL or a path' };
        urls.push(v);
        break;
      }
      case '--expect-status': {
        const v = number('--expect-status');
        if (typeof v === 'number' && (!Number.isInteger(v) || v < 100 || v > 599)) return { ok: false, message: `--expect-status needs an HTTP status (100-599), got ${v}` };
        set('expectStatus', v);
        break;
      }
      case '--retries': {
        const v = number('--retries');
        if (typeof v === 'number' && !Number.isInteger(v)) return { ok: false, message: `--retries needs a whole number, got ${v}` };
        set('retries', v);
        break;
      }
      case '--interval':
        set('interval', number('--interval'));
        break;
      case '--timeout':
        set('timeout', number('--timeout'));
        break;
      case '--health-timeout':
        set('healthTimeout', number('--health-timeout'));
        break;
      case '--compose-command': {
        const v = value() as ComposeCommandSetting | undefined;
        if (!v || !COMPOSE_COMMANDS.includes(v)) return { ok: false, message: `--compose-command must be one of: auto, "docker compose", docker-compose` };
        options.composeCommand = v;
        break;
      }
      case '--docker-host':
        options.dockerHost = value();
        if (!options.dockerHost) return { ok: false, message: '--docker-host needs a URL' };
        break;
      case '--strategy': {
        const v = value();
        if (v !== 'rolling' && v !== 'blue-green') return { ok: false, message: `--strategy must be rolling or blue-green, got ${v === undefined ? 'nothing' : JSON.stringify(v)}` };
        options.strategy = v;
        break;
      }
      case '--update-service':
        options.rolloutService = value();
        if (!options.rolloutService) return { ok: false, message: `${name} needs a service name` };
        break;
      case '--keep-old':
        set('keepOld', number('--keep-old'));
        break;
      case '--switch-back':
        options.switchBack = true;
        break;
      case '--no-color':
      case '--color':
        color = cursor.colorFlag();
        break;
      default:
        return { ok: false, message: cursor.unknownOption() };
    }
    if (problem) return { ok: false, message: problem };
  }
  if (files.length) options.files = files;
  if (urls.length) options.urls = urls;
  return { ok: true, options, color };
}

export async function runTaskCommand(command: string, args: string[]): Promise<number> {
  if (!(TASK_COMMANDS as readonly string[]).includes(command)) {
    process.stderr.write(`ai-stack: unknown task command "${command}"\n`);
    return EXIT.usage;
  }
  if (command === 'deploy' && wantsSwarmTarget(args)) return (await import('./swarmDeploy')).runSwarmDeploy(args);
  const parsed = parseTaskArgs(args);
  if ('help' in parsed) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  if (!parsed.ok) {
    process.stderr.write(`ai-stack ${command}: ${parsed.message}\n\n${HELP}\n`);
    return EXIT.usage;
  }
  const reporter = createTextReporter((t) => process.stdout.write(t), { color: parsed.color });
  // Ctrl+C / SIGTERM (CI cancelling the job) stop the compose child and clean up the one-off container.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runAction(command as TaskAction, { displayRoot: process.cwd(), ...parsed.options }, reporter, abort.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
