/**
 * `ai-stack init dockerfile|ollama|vllm|tgi|env-example`: the editor's generators on the command
 * line (the same code, server/src/scaffold). Like the editor it never overwrites silently: an
 * existing Dockerfile or service is left alone unless --force; --dry-run prints instead of writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addModelServer, addOllamaService, detectProject, generateDockerfile, generateEnvExample, type ServiceResult } from '../scaffold';
import { UsageError } from './checkArgs';
import { InitArgs, INIT_USAGE, parseInitArgs } from './initArgs';
import { DEFAULT_COMPOSE_FILES, findAppFolders, findComposeProjects, isAppFolder, readProject, readText, slash } from './initFiles';

/** A file to write: its text, and whether it replaces, edits or creates. */
interface Output {
  file: string;
  text: string;
  kind: 'new' | 'edited' | 'replaced';
}

/** Refusals and unusable input end the run with a message and an exit code. */
class InitStop extends Error {
  constructor(message: string, readonly code: 1 | 2) {
    super(message);
  }
}

export async function runInit(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: InitArgs;
  try {
    args = parseInitArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`ai-stack init: ${e.message}\n${INIT_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(INIT_USAGE + '\n');
    return 0;
  }
  // Status lines go to stdout, except with --dry-run, where stdout carries the preview.
  const say = (line: string) => (args.dryRun ? process.stderr : process.stdout).write(line + '\n');
  try {
    const { outputs, notes } = args.target === 'dockerfile' ? dockerfile(args, cwd) : args.target === 'env-example' ? envExample(args, cwd) : service(args, cwd);
    for (const o of outputs) {
      const shown = slash(path.relative(cwd, o.file)) || o.file;
      if (args.dryRun) process.stdout.write(`==> ${shown} (${o.kind === 'new' ? 'new file' : o.kind === 'edited' ? 'edited: lines inserted' : 'replaces the existing file'}) <==\n${o.text}${o.text.endsWith('\n') ? '' : '\n'}`);
      else {
        if (o.kind === 'new') fs.mkdirSync(path.dirname(o.file), { recursive: true });
        fs.writeFileSync(o.file, o.text);
        say(`${o.kind === 'new' ? 'created' : o.kind === 'edited' ? 'updated' : 'replaced'} ${shown}`);
      }
    }
    for (const n of notes) say(`note: ${n}`);
    if (args.dryRun) say('dry run: nothing was written.');
    return 0;
  } catch (e) {
    if (!(e instanceof InitStop)) throw e;
    process.stderr.write(`ai-stack init ${args.target}: ${e.message}\n`);
    return e.code;
  }
}

/** The app folder: DIR when it is one, else the only app folder under DIR (or the current directory). */
function appFolder(args: InitArgs, cwd: string): string {
  const root = path.resolve(cwd, args.dir ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new InitStop(`${args.dir} is not a folder.`, 2);
  if (args.dir !== undefined && isAppFolder(root)) return root;
  const found = findAppFolders(root);
  if (found.length === 1) return found[0];
  if (found.length === 0) return root; // detection says what is missing
  const list = found.map((d) => slash(path.relative(cwd, d)) || '.').join(', ');
  throw new InitStop(`several app folders: ${list}. Name one, e.g. ai-stack init dockerfile ${slash(path.relative(cwd, found[0])) || '.'}`, 2);
}

function dockerfile(args: InitArgs, cwd: string): { outputs: Output[]; notes: string[] } {
  const folder = appFolder(args, cwd);
  const detected = detectProject(readProject(folder));
  if (!detected.ok) throw new InitStop(detected.message, 2);
  const files = generateDockerfile(detected.project, { port: args.port, healthPath: args.healthPath, baseImages: args.baseImages });
  const outputs = [path.join(folder, 'Dockerfile'), path.join(folder, '.dockerignore')].map((file, i): Output => ({ file, text: i === 0 ? files.dockerfile : files.dockerignore, kind: fs.existsSync(file) ? 'replaced' : 'new' }));
  const existing = outputs.filter((o) => o.kind === 'replaced').map((o) => slash(path.relative(cwd, o.file)));
  const notes = [...detected.notes];
  if (existing.length && !args.force) {
    if (!args.dryRun) throw new InitStop(`${existing.join(' and ')} already exist${existing.length > 1 ? '' : 's'}: nothing written. Compare with --dry-run, then overwrite with --force.`, 1);
    notes.push(`${existing.join(' and ')} already exist${existing.length > 1 ? '' : 's'}: a real run needs --force to replace ${existing.length > 1 ? 'them' : 'it'}.`);
  }
  notes.unshift(`${detected.project.kind === 'node' ? (detected.project.next ? 'Next.js' : 'Node') : 'Python'} app in ${slash(path.relative(cwd, folder)) || '.'}, port ${args.port ?? detected.project.defaultPort}.`);
  return { outputs, notes };
}

function envExample(args: InitArgs, cwd: string): { outputs: Output[]; notes: string[] } {
  const root = path.resolve(cwd, args.dir ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new InitStop(`${args.dir} is not a folder.`, 2);
  const projects = findComposeProjects(root);
  if (projects.length === 0) throw new InitStop(`no compose files under ${slash(path.relative(cwd, root)) || '.'}.`, 2);
  const outputs: Output[] = [];
  const notes: string[] = [];
  // One .env.example per compose project, beside its files: compose reads .env from the project directory.
  for (const p of projects) {
    const sources = p.files.map((f) => ({ path: slash(path.relative(root, f)), text: readText(f) ?? '' }));
    const file = path.join(p.dir, '.env.example');
    const existing = readText(file);
    const { text, added } = generateEnvExample(sources, existing);
    const shown = slash(path.relative(cwd, file));
    if (existing !== undefined && added.length === 0) notes.push(`${shown} already lists every variable.`);
    else {
      outputs.push({ file, text, kind: existing === undefined ? 'new' : 'edited' });
      notes.push(existing === undefined ? `${shown}: ${added.length} variable${added.length === 1 ? '' : 's'}.` : `${shown}: added ${added.join(', ')}.`);
    }
  }
  return { outputs, notes };
}

/** The compose file: -f, else Compose's default name in the current directory, else compose.yaml (created). */
function composeFile(args: InitArgs, cwd: string): string {
  if (args.file) return path.resolve(cwd, args.file);
  const found = DEFAULT_COMPOSE_FILES.map((n) => path.join(cwd, n)).find((f) => fs.existsSync(f));
  return found ?? path.join(cwd, 'compose.yaml');
}

function service(args: InitArgs, cwd: string): { outputs: Output[]; notes: string[] } {
  const file = composeFile(args, cwd);
  const existing = fs.existsSync(file) ? readText(file) : undefined;
  if (fs.existsSync(file) && existing === undefined) throw new InitStop(`cannot read ${slash(path.relative(cwd, file))}.`, 2);
  const common = { network: args.network, externalNetwork: args.externalNetwork, publishOnLoopback: args.publishLoopback, consumers: args.consumers, baseImages: args.baseImages };
  const result: ServiceResult =
    args.target === 'ollama'
      ? addOllamaService(existing, { ...common, gpuCount: args.gpus })
      : addModelServer(args.target === 'vllm' ? 'vllm' : 'tgi', existing, { ...common, gpuCount: args.gpus === 'all' ? undefined : args.gpus, model: args.model, port: args.port });
  if (!result.ok) throw new InitStop(result.message, 2);
  const shown = slash(path.relative(cwd, file));
  if (result.mode === 'baseline') {
    if (result.changes.length === 0) return { outputs: [], notes: [`the ${args.target} service in ${shown} already meets the baseline; nothing to do.`, ...result.notes] };
    if (!args.force && !args.dryRun) throw new InitStop(`${shown} has a ${args.target} service already. Bringing it up to the baseline would add: ${result.changes.join(', ')}. Preview with --dry-run; apply with --force.`, 1);
  }
  const notes = [`${result.mode === 'baseline' ? 'baseline' : 'added'}: ${result.changes.join(', ')}.`, ...result.notes];
  if (result.mode === 'baseline' && !args.force) notes.push(`${shown} has a ${args.target} service already: a real run needs --force to bring it up to the baseline.`);
  return { outputs: [{ file, text: result.text, kind: existing === undefined ? 'new' : 'edited' }], notes };
}
