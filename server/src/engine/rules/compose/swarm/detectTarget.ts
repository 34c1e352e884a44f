/**
 * The `swarm` target detected from the workspace's scripts: a compose file deployed with
 * `docker stack deploy -c <file>` (shell scripts, Makefiles, package.json scripts, CI YAML). The
 * engine judges the texts it is given, so the CLI and the language server agree; they only differ
 * in how they find the files (SCRIPT_GLOBS).
 */
import path from 'node:path';
import type { Target } from '../../../rule';

/** Where deploy commands live, relative to a workspace folder (checked in this order). */
export const SCRIPT_GLOBS = ['*.sh', 'scripts/*.sh', 'deploy/*.sh', 'bin/*.sh', 'Makefile', 'makefile', 'GNUmakefile', '*.mk', 'package.json', 'justfile', 'Taskfile.yml', '.github/workflows/*.yml', '.github/workflows/*.yaml', '.gitlab-ci.yml', '.drone.yml', '.circleci/config.yml'];

export interface ScriptText {
  /** Absolute path of the script. */
  path: string;
  text: string;
}

export interface TargetEvidence {
  target: Target;
  /** The script and line that deploy the file. */
  script: string;
  line: number;
  command: string;
}

const STACK_DEPLOY = /\bdocker\s+stack\s+(?:deploy|up)\b([^\n;&|]*)/g;
const COMPOSE_FLAG = /(?:^|\s)(?:-c|--compose-file)(?:\s+|=)(?:"([^"]+)"|'([^']+)'|(\S+))/g;

/** Compose files named by `docker stack deploy -c …` commands in one script text (as written). */
export function stackDeployFiles(text: string): { file: string; line: number; command: string }[] {
  const out: { file: string; line: number; command: string }[] = [];
  for (const m of text.matchAll(STACK_DEPLOY)) {
    const line = text.slice(0, m.index).split('\n').length;
    for (const f of m[1].matchAll(COMPOSE_FLAG)) out.push({ file: f[1] ?? f[2] ?? f[3], line, command: m[0].trim() });
  }
  return out;
}

/**
 * `swarm` when a script deploys this compose file with `docker stack deploy`: the named file,
 * resolved against the script's directory or the workspace folder, is this file. A file named
 * with a variable (`-c $FILE`) is not evidence.
 */
export function detectTarget(composeFile: string, scripts: readonly ScriptText[], workspaceFolder?: string): TargetEvidence | undefined {
  const wanted = path.resolve(composeFile);
  for (const script of scripts) {
    for (const hit of stackDeployFiles(script.text)) {
      if (hit.file.includes('$') || hit.file === '-') continue;
      const bases = [path.dirname(script.path), workspaceFolder].filter((b): b is string => !!b);
      if (bases.some((b) => path.resolve(b, hit.file) === wanted)) return { target: 'swarm', script: script.path, line: hit.line, command: hit.command };
    }
  }
  return undefined;
}

/**
 * Script files of one folder that SCRIPT_GLOBS name, given a listing function (`list(dir)` returns
 * the entry names of a directory, [] when it is missing), so each adapter brings its own file access.
 */
export function scriptPathsIn(folder: string, list: (dir: string) => string[]): string[] {
  const out: string[] = [];
  for (const glob of SCRIPT_GLOBS) {
    const slash = glob.lastIndexOf('/');
    const dir = slash < 0 ? folder : path.join(folder, glob.slice(0, slash));
    const pattern = slash < 0 ? glob : glob.slice(slash + 1);
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (const name of list(dir)) if (re.test(name)) out.push(path.join(dir, name));
  }
  return [...new Set(out)];
}

/** The target to use: an explicit choice (CLI flag, editor setting other than auto), `.ai-stack.json`, then detection. */
export function chooseTarget(explicit: Target | 'auto' | undefined, configured: Target | undefined, detect: () => TargetEvidence | undefined): Target {
  if (explicit && explicit !== 'auto') return explicit;
  return configured ?? detect()?.target ?? 'compose';
}
