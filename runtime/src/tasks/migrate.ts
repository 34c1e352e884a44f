/**
 * migrate: the migration as an explicit one-off container (`run --rm`, never `up`). Dependencies
 * are started first and their healthchecks awaited, so "db is healthy" is a visible step.
 */
import { displayCommand, composeArgv, runCompose } from '../compose/cli';
import { composeOrReport, Prepared, prepare, StepResult, stepOutcome, TaskOptions } from './context';
import { projectContainers } from './docker';
import { MigrationPlan, planMigration } from './migrations';
import { projectRef } from './project';
import { EXIT, Reporter } from './reporter';
import { waitForHealthy } from './waitHealthy';

/** The migration plan for prepared options; undefined = nothing detected (a message was not needed). */
export function migrationPlanFor(prepared: Prepared): ReturnType<typeof planMigration> {
  return planMigration(prepared.project, { service: prepared.options.service, command: prepared.options.command });
}

/** The migration as a step of a larger action: skipped when none is detected (`flags` say how to name one). */
export async function migrateIfDetected(prepared: Prepared, reporter: Reporter, signal: AbortSignal | undefined, flags: string): Promise<StepResult> {
  const plan = migrationPlanFor(prepared);
  if (!plan) {
    reporter.line(`No migration detected; skipping (pass ${flags} to run one).`);
    return { ok: true, skipped: true };
  }
  if (!plan.ok) return { ok: false, message: plan.message };
  return migrateStep(prepared, plan.value, reporter, signal);
}

export async function migrateStep(prepared: Prepared, plan: MigrationPlan, reporter: Reporter, signal?: AbortSignal): Promise<StepResult> {
  const cli = await composeOrReport(prepared, reporter);
  if (!cli) return { ok: false, message: 'no compose CLI' };
  const ref = projectRef(prepared.project);
  const service = prepared.project.services.find((s) => s.name === plan.service);
  const deps = service?.dependsOn ?? [];
  reporter.line(`Migration: ${plan.reason}; runs in service "${plan.service}" as a one-off container.`);

  if (deps.length > 0) {
    const names = deps.map((d) => d.name);
    const up = ['up', '-d', ...names];
    reporter.line(`$ ${displayCommand(cli.program, composeArgv(cli, ref, up))}`);
    const started = await runCompose(cli, ref, up, { env: prepared.env, signal, onOutput: (c) => reporter.output(c) });
    if (started.cancelled) return { ok: false, cancelled: true, message: 'cancelled' };
    if (started.code !== 0) return { ok: false, message: started.spawnError ?? `starting ${names.join(', ')} failed (exit ${started.code})` };
    const mustBeHealthy = deps.filter((d) => d.condition === 'service_healthy').map((d) => d.name);
    const withHealthcheck = prepared.project.services.filter((s) => names.includes(s.name) && s.hasHealthcheck).map((s) => s.name);
    const awaited = [...new Set([...mustBeHealthy, ...withHealthcheck])];
    if (awaited.length) {
      const healthy = await waitForHealthy(prepared, { timeoutMs: (prepared.options.healthTimeout ?? 120) * 1000, services: awaited }, reporter, signal);
      if (!healthy.ok) return healthy.cancelled ? healthy : { ok: false, message: `dependencies not healthy, migration not started: ${healthy.message}` };
    }
  }

  // -T: no TTY (output is piped); --no-deps: the dependencies were handled above.
  const run = ['run', '--rm', '-T', ...(deps.length ? ['--no-deps'] : []), plan.service, ...(plan.command ?? [])];
  reporter.line(`$ ${displayCommand(cli.program, composeArgv(cli, ref, run))}`);
  const startedAt = Date.now();
  const result = await runCompose(cli, ref, run, { env: prepared.env, signal, onOutput: (c) => reporter.output(c) });
  if (result.cancelled) {
    await removeOneOffs(prepared, plan.service, startedAt, reporter);
    return { ok: false, cancelled: true, message: 'cancelled' };
  }
  if (result.code !== 0) return { ok: false, message: result.spawnError ?? `the migration exited with code ${result.code}` };
  return { ok: true };
}

/**
 * A killed compose client does not remove its one-off container (`--rm` is done by the client),
 * so the ones this run created are removed through the API.
 */
export async function removeOneOffs(prepared: Prepared, service: string, since: number, reporter: Reporter): Promise<void> {
  try {
    const left = await projectContainers(prepared.docker, prepared.project.name, { service, oneoff: true });
    for (const c of left.filter((x) => x.Created * 1000 >= since - 2000)) {
      await prepared.docker.getContainer(c.Id).remove({ force: true, v: true });
      reporter.line(`Removed one-off container ${(c.Names[0] ?? c.Id).replace(/^\//, '')}`);
    }
  } catch (e) {
    reporter.warning(`Could not remove the one-off container: ${(e as Error).message}`);
  }
}

export async function runMigrate(options: TaskOptions, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  const prepared = prepare(options, reporter);
  if (!prepared) return EXIT.usage;
  reporter.step(`migrate: project ${prepared.project.name}`);
  const plan = migrationPlanFor(prepared);
  if (!plan) {
    reporter.failure('No migration detected (alembic.ini, manage.py, Prisma schema, Flask-Migrate, Rails, knex, Sequelize or a "migrate" service). Pass --service and --command.');
    return EXIT.usage;
  }
  if (!plan.ok) {
    reporter.failure(plan.message);
    return EXIT.usage;
  }
  return stepOutcome(await migrateStep(prepared, plan.value, reporter, signal), reporter, {
    ok: 'Migration finished; the one-off container was removed.',
    cancelled: 'Migration cancelled: the compose process was stopped.',
    failed: (message) => `Migration failed: ${message}. Fix it (output above) and run migrate again.`,
  });
}
