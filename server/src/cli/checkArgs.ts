/** Flags of `ai-stack check`, parsed without a library so bad input gets our own clear message. */
import { TARGETS, type Severity, type Target } from '../engine/rule';
import { ArgCursor, UsageError } from './argCursor';

export { UsageError };

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CheckArgs {
  paths: string[];
  format: OutputFormat;
  output?: string;
  fix: boolean;
  config?: string;
  /** Findings at this severity or a more severe one make the exit code 1. */
  maxSeverity: Severity;
  /** `-f FILE` (repeatable), `--project-directory`, `--env-file`: the compose project flags. */
  composeFiles: string[];
  projectDirectory?: string;
  envFiles: string[];
  /** `--target compose|swarm`: overrides `.ai-stack.json` and detection. */
  target?: Target;
  help: boolean;
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export const CHECK_USAGE = `Usage: ai-stack check [paths or globs…] [options]

Checks compose files and Dockerfiles (directories are walked; node_modules and .git are skipped).
Each compose file is judged in the file sets the editor uses: the default compose.yaml +
compose.override.yaml pair, COMPOSE_FILE from .env, composeFiles sets of .ai-stack.json.
With no path, checks the current directory.

Options:
  --format text|json|sarif   output format (default text: file:line:col severity rule-id message)
  --output FILE              write the report to FILE instead of stdout
  --fix                      apply the safe fixes in place and report what changed
  --config FILE              use this .ai-stack.json (default: the nearest one above each file)
  --max-severity LEVEL       error|warning|info|hint (default hint): findings of LEVEL or more
                             severe make the exit code 1; less severe ones are still printed
  -f, --file FILE            a compose file of one project (repeatable): the files are merged as
                             docker compose -f merges them and checked together (no --fix)
  --project-directory DIR    the compose project directory
  --env-file FILE            the project's env file for -f (default <project dir>/.env)
  --target compose|swarm     where the files are deployed: docker compose (default) or docker
                             stack deploy; default: "target" of .ai-stack.json, else swarm when a
                             script deploys the file with docker stack deploy -c

Exit codes: 0 no finding at or above --max-severity, 1 such findings, 2 usage error or unreadable input.`;

export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const args: CheckArgs = { paths: [], format: 'text', fix: false, maxSeverity: 'hint', composeFiles: [], envFiles: [], help: false };
  const cursor = new ArgCursor(argv);
  while (cursor.next()) {
    const { arg, name } = cursor;
    switch (name) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--format':
        args.format = oneOf(name, cursor.required(), FORMATS);
        break;
      case '--output':
      case '-o':
        args.output = cursor.required();
        break;
      case '--fix':
        args.fix = cursor.flag();
        break;
      case '--config':
        args.config = cursor.required();
        break;
      case '--max-severity':
        args.maxSeverity = oneOf(name, cursor.required(), SEVERITIES);
        break;
      case '-f':
      case '--file':
        args.composeFiles.push(cursor.required());
        break;
      case '--project-directory':
        args.projectDirectory = cursor.required();
        break;
      case '--env-file':
        args.envFiles.push(cursor.required());
        break;
      case '--target':
        args.target = oneOf(name, cursor.required(), TARGETS);
        break;
      case '--':
        args.paths.push(...cursor.rest());
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${name}`);
        args.paths.push(arg);
    }
  }
  return args;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
