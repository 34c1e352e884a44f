/**
 * `ai-stack` command line. Exit codes: 0 clean/success, 1 findings or a failed step, 2 usage or unreadable input.
 */
import { runCheck } from './check';
import { TASK_COMMANDS } from './taskCommands';

const USAGE = `Usage:
  ai-stack check [paths or globs…] [--format text|json|sarif] [--output FILE] [--fix] [--config FILE]
                 [--max-severity error|warning|info|hint] [-f FILE…] [--project-directory DIR] [--env-file FILE]
  ai-stack migrate|smoke|wait-healthy|deploy [options]   (see ai-stack <command> --help)
  ai-stack init dockerfile|ollama|vllm|tgi|env-example [options]   (see ai-stack init --help)
  ai-stack --version`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'check') return runCheck(rest);
  if (command === 'init') return (await import('./init')).runInit(rest);
  if ((TASK_COMMANDS as readonly string[]).includes(command)) {
    // Loaded on demand, from a bundle of its own: the Docker client stack is not needed (nor read) by `check`.
    const { runTaskCommand } = require('./cli-tasks') as typeof import('./cli-tasks');
    return runTaskCommand(command, rest);
  }
  process.stderr.write(`ai-stack: unknown command "${command}"\n${USAGE}\n`);
  return 2;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

/** Runs the command line and exits with its code (the entry of dist/cli-main.js, called by the launcher). */
export function run(argv: string[]): void {
  // A reader that goes away (`| head`) must not turn into a stack trace: the exit code still tells.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  main(argv).then(
    (code) => exitAfterOutput(code),
    (err) => {
      process.stderr.write(`ai-stack: ${err instanceof Error ? err.message : String(err)}\n`);
      exitAfterOutput(2);
    },
  );
}

/**
 * Exits once stdout and stderr have handed everything to the OS. A pipe takes 64 KiB at a time and
 * node writes the rest asynchronously, so process.exit() right after a big write cut the report off.
 * Exiting explicitly (not by an empty event loop) keeps task commands from waiting on idle handles.
 */
function exitAfterOutput(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength === 0 || stream.destroyed) done();
    else stream.write('', () => done());
  }
}

if (require.main === module) run(process.argv.slice(2));
