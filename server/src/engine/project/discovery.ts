/**
 * Which files form a compose project, as `docker compose` decides without `-f`: `COMPOSE_FILE`
 * from the environment / `.env`, else the first default name plus its override; plus sets the
 * workspace configures explicitly (`aiStack.composeFiles`).
 */
import path from 'node:path';
import { parseDotEnv } from './interpolate';
import type { FileReader } from './project';

export const DEFAULT_BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const DEFAULT_OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface FileSet {
  files: string[];
  projectDirectory: string;
  origin: 'configured' | 'COMPOSE_FILE' | 'default' | 'single';
}

/** The default set of a directory, or undefined when it holds no default compose file. */
export function defaultSet(directory: string, reader: FileReader, environment: Record<string, string> = {}): FileSet | undefined {
  // A read that throws (a symlink loop named compose.yaml, EACCES) means "no such file" here.
  const read = (p: string) => {
    try {
      return reader(p);
    } catch {
      return undefined;
    }
  };
  const envText = read(path.join(directory, '.env'));
  const env = new Map([...parseDotEnv(envText ?? ''), ...Object.entries(environment)]);
  const composeFile = env.get('COMPOSE_FILE');
  if (composeFile) {
    const sep = env.get('COMPOSE_PATH_SEPARATOR') || (process.platform === 'win32' ? ';' : ':');
    const files = composeFile.split(sep).filter(Boolean).map((f) => path.resolve(directory, f));
    if (files.length) return { files, projectDirectory: directory, origin: 'COMPOSE_FILE' };
  }
  const base = DEFAULT_BASE_NAMES.map((n) => path.join(directory, n)).find((p) => read(p) !== undefined);
  if (!base) return undefined;
  const override = DEFAULT_OVERRIDE_NAMES.map((n) => path.join(directory, n)).find((p) => read(p) !== undefined);
  return { files: override ? [base, override] : [base], projectDirectory: directory, origin: 'default' };
}

