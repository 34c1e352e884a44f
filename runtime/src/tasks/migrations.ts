/**
 * Which migration tool a project uses, and where the migration runs: an existing
 * `migrate`/`migration` compose service as is, else the tool's command in the app service
 * whose build context holds the tool's files, as a one-off `run --rm`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Parsed } from './definition';
import type { ServiceInfo, TaskProject } from './project';

export interface MigrationTool {
  tool: string;
  command: string[];
  /** The file that gave it away (relative to the searched directory). */
  evidence: string;
}

export interface MigrationPlan {
  tool: string;
  service: string;
  /** Command to run; undefined: the service's own command (a dedicated migration service). */
  command?: string[];
  reason: string;
}

const read = (file: string): string => {
  try {
    return statSync(file).size < 2_000_000 ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
};

function packageJson(dir: string): { scripts: Record<string, string>; deps: Record<string, string> } | undefined {
  const text = read(path.join(dir, 'package.json'));
  if (!text) return undefined;
  try {
    const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    return { scripts: pkg.scripts ?? {}, deps: { ...pkg.dependencies, ...pkg.devDependencies } };
  } catch {
    return undefined;
  }
}

function pythonDeps(dir: string): string {
  return ['requirements.txt', 'requirements.in', 'pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg'].map((f) => read(path.join(dir, f))).join('\n');
}

/** Detects the migration tool of the code in `dir` (first match wins; the most specific checks come first). */
export function detectMigrationTool(dir: string): MigrationTool | undefined {
  const has = (rel: string) => existsSync(path.join(dir, rel));
  // Flask-Migrate keeps Alembic's files under migrations/; plain Alembic has alembic.ini at the top.
  if (has('migrations/alembic.ini') && (/flask[-_]migrate/i.test(pythonDeps(dir)) || /current_app/.test(read(path.join(dir, 'migrations/env.py'))))) {
    return { tool: 'Flask-Migrate', command: ['flask', 'db', 'upgrade'], evidence: 'migrations/alembic.ini' };
  }
  if (has('alembic.ini')) return { tool: 'Alembic', command: ['alembic', 'upgrade', 'head'], evidence: 'alembic.ini' };
  if (has('manage.py')) return { tool: 'Django', command: ['python', 'manage.py', 'migrate'], evidence: 'manage.py' };
  for (const schema of ['prisma/schema.prisma', 'schema.prisma']) {
    if (has(schema)) return { tool: 'Prisma', command: ['npx', 'prisma', 'migrate', 'deploy'], evidence: schema };
  }
  if (has('bin/rails') && (has('db/migrate') || /\brails\b/.test(read(path.join(dir, 'Gemfile'))))) {
    return { tool: 'Rails', command: ['bin/rails', 'db:migrate'], evidence: 'bin/rails' };
  }
  const pkg = packageJson(dir);
  for (const knexfile of ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs']) {
    if (has(knexfile)) return { tool: 'knex', command: ['npx', 'knex', 'migrate:latest'], evidence: knexfile };
  }
  if (has('.sequelizerc') || (pkg && 'sequelize-cli' in pkg.deps)) {
    return { tool: 'Sequelize', command: ['npx', 'sequelize-cli', 'db:migrate'], evidence: has('.sequelizerc') ? '.sequelizerc' : 'package.json' };
  }
  if (pkg?.scripts.migrate) return { tool: 'npm script', command: ['npm', 'run', 'migrate'], evidence: 'package.json' };
  return undefined;
}

export interface MigrationOverrides {
  service?: string;
  command?: string[];
}

/**
 * The migration to run for a project: explicit service/command win; undefined when nothing is
 * configured or detected (deploy then skips the step and says so).
 */
export function planMigration(project: TaskProject, overrides: MigrationOverrides = {}): Parsed<MigrationPlan> | undefined {
  if (overrides.service && !project.services.some((s) => s.name === overrides.service)) {
    return { ok: false, message: `Service "${overrides.service}" is not defined in ${project.files.map((f) => path.basename(f)).join(', ')} (services: ${project.services.map((s) => s.name).join(', ') || 'none'}).` };
  }
  if (overrides.command) {
    const service = overrides.service ?? candidates(project)[0]?.name;
    if (!service) return { ok: false, message: 'No service to run the migration in; pass --service NAME.' };
    return { ok: true, value: { tool: 'custom', service, command: overrides.command, reason: 'command given' } };
  }
  const dedicated = project.services.find((s) => s.isMigrationService && (!overrides.service || s.name === overrides.service));
  if (dedicated) return { ok: true, value: { tool: 'compose service', service: dedicated.name, reason: `compose service "${dedicated.name}" is used as is` } };

  const targets = overrides.service ? project.services.filter((s) => s.name === overrides.service) : candidates(project);
  for (const svc of targets) {
    const dir = svc.buildContext ?? project.directory;
    const found = detectMigrationTool(dir);
    if (found) return { ok: true, value: { tool: found.tool, service: svc.name, command: found.command, reason: `${found.tool} (${path.relative(project.directory, path.join(dir, found.evidence)) || found.evidence})` } };
  }
  if (overrides.service) return { ok: false, message: `No migration tool detected for service "${overrides.service}"; pass --command (e.g. --command alembic upgrade head).` };
  return undefined;
}

/** Where app code lives: services that build (their context), the ones without database images first. */
function candidates(project: TaskProject): ServiceInfo[] {
  const app = project.services.filter((s) => !s.isDatabase && !s.isOllama && !s.isMigrationService);
  return [...app.filter((s) => s.buildContext), ...app.filter((s) => !s.buildContext)];
}
