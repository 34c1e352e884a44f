/**
 * deploy: pull → migrate → up -d → wait-healthy → smoke, stopping at the first failure with the
 * step's name and what to do next. `up` never runs after a failed migration.
 *
 * Pull policy: only images that are missing locally are pulled (services with `build:` are
 * skipped: compose builds them). Images already present are used as they are, so a deploy works
 * without a reachable registry; pin tags so "present" means "the right one".
 */
import { composeStep, Prepared, prepare, StepResult, TaskOptions } from './context';
import { engineError } from './docker';
import { migrateIfDetected } from './migrate';
import { isActive } from './project';
import { EXIT, Reporter } from './reporter';
import { smokeStep } from './smoke';
import { waitForHealthy } from './waitHealthy';
import { runRollout } from './rollout';
import { deployToSwarm } from '../swarm/deploy';

/** The `ai-stack` task with `"target": "swarm"` (the CLI's `deploy --target swarm` goes there directly). */
function deploySwarmTask(options: TaskOptions, reporter: Reporter, signal?: AbortSignal) {
  return deployToSwarm(
    { files: options.files ?? [], stack: options.stack ?? options.projectName, canary: options.canary, canaryServices: options.canary && options.service ? [options.service] : undefined, timeout: options.healthTimeout, dockerHost: options.dockerHost, env: options.env, cwd: options.cwd, docker: options.docker },
    reporter,
    signal,
  );
}

interface Step {
  name: string;
  run(): Promise<StepResult>;
  /** What the user should do when this step fails. */
  advice: string;
}

async function missingImages(prepared: Prepared): Promise<{ services: string[]; present: number } | string> {
  const services: string[] = [];
  const present = new Set<string>();
  for (const svc of prepared.project.services) {
    // Built images come from `build:`; services of inactive profiles are not started (migration jobs are run).
    if (!svc.image || svc.buildContext || !(isActive(prepared.project, svc) || svc.isMigrationService)) continue;
    try {
      await prepared.docker.getImage(svc.image).inspect();
      present.add(svc.image);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) services.push(svc.name);
      else return engineError(e, prepared.engine.label);
    }
  }
  return { services, present: present.size };
}

function steps(prepared: Prepared, reporter: Reporter, signal?: AbortSignal): Step[] {
  const options = prepared.options;
  return [
    {
      name: 'pull',
      advice: 'Check the image names and registry access (docker login), or build/load the images locally, then deploy again.',
      run: async () => {
        const missing = await missingImages(prepared);
        if (typeof missing === 'string') return { ok: false, message: missing };
        if (missing.services.length === 0) {
          reporter.line(`All ${missing.present} image(s) are present locally; not pulling (only missing images are pulled).`);
          return { ok: true, skipped: true };
        }
        return composeStep(prepared, ['pull', ...missing.services], reporter, signal);
      },
    },
    {
      name: 'migrate',
      advice: 'The stack was NOT updated (up was not run). Fix the migration (output above) and deploy again.',
      run: () => migrateIfDetected(prepared, reporter, signal, '--service/--command'),
    },
    {
      name: 'up',
      advice: 'Read the compose output above; fix the compose file or the images and deploy again.',
      run: () => {
        const rerun = prepared.project.services.find((s) => s.isMigrationService && isActive(prepared.project, s));
        if (rerun) reporter.warning(`"${rerun.name}" is part of the stack, so up starts it again; give it \`profiles: [tools]\` to run it only as this step.`);
        return composeStep(prepared, ['up', '-d'], reporter, signal);
      },
    },
    {
      name: 'wait-healthy',
      advice: 'The new containers are running but not healthy: read their logs (compose logs SERVICE), fix, and deploy again or roll back.',
      run: () => waitForHealthy(prepared, { timeoutMs: (options.healthTimeout ?? 120) * 1000 }, reporter, signal),
    },
    {
      name: 'smoke',
      advice: 'The new version is running but failed its smoke checks: roll back to the previous image, or fix and deploy again.',
      // --service names the migration's service here, not the one to smoke-test: check every app service.
      run: () => smokeStep({ ...prepared, options: { ...options, service: undefined } }, reporter, signal),
    },
  ];
}

export async function runDeploy(options: TaskOptions, reporter: Reporter, signal?: AbortSignal): Promise<number> {
  if (options.target === 'swarm') return (await deploySwarmTask(options, reporter, signal)).code;
  const prepared = prepare(options, reporter);
  if (!prepared) return EXIT.usage;
  if (options.strategy || options.switchBack) return runRollout(prepared, reporter, signal);
  const list = steps(prepared, reporter, signal);
  const done: string[] = [];
  for (const [i, step] of list.entries()) {
    reporter.step(`deploy ${i + 1}/${list.length}: ${step.name} (project ${prepared.project.name})`);
    const result = await step.run();
    if (result.ok) {
      if (!result.skipped) {
        reporter.success(`${step.name} done`);
        done.push(step.name);
      }
      continue;
    }
    if (result.cancelled) {
      reporter.warning(`Deploy cancelled during step "${step.name}"; later steps were not run.`);
      return EXIT.cancelled;
    }
    reporter.failure(`Deploy stopped: step "${step.name}" failed: ${result.message}`);
    reporter.line(step.advice);
    return EXIT.failed;
  }
  // Say what happened, not a fixed list: "pulled" only when something was pulled.
  const said: Record<string, string> = { pull: 'pulled', migrate: 'migrated', up: 'up', 'wait-healthy': 'healthy', smoke: 'smoke-tested' };
  reporter.success(`Deploy finished: ${done.map((n) => said[n] ?? n).join(', ')}${done.length < list.length ? ` (skipped: ${list.filter((s) => !done.includes(s.name)).map((s) => s.name).join(', ')})` : ''}.`);
  return EXIT.ok;
}
