import type { DockerfileContext } from '../../dockerfile/context';
import { basename, hasFlag, pipWords, programWords, subcommand } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at, keyValues, runs } from './util';

const BUILD_PACKAGES = /^(build-essential|build-base|gcc|g\+\+|make|cmake|clang|python3?-dev|musl-dev|libffi-dev|libpq-dev|libssl-dev|openssl-dev|rust|cargo)$/;

/** What in a single-stage Dockerfile shows that build-time tooling ends up in the shipped image. */
function devTooling(ctx: DockerfileContext): { app: 'Node' | 'Python'; evidence: string } | undefined {
  const prodEnv = ctx.instructions.some((i) => i.keyword === 'ENV' && keyValues(i).some((kv) => kv.key === 'NODE_ENV' && kv.value === 'production'));
  let app: 'Node' | 'Python' | undefined = /(^|\/)node:/.test(ctx.stages[0].image) ? 'Node' : /(^|\/)python:/.test(ctx.stages[0].image) ? 'Python' : undefined;
  let evidence: string | undefined;
  for (const { commands } of runs(ctx)) {
    for (const cmd of commands) {
      const words = programWords(cmd);
      const prog = basename(words[0]?.value ?? '');
      const sub = subcommand(words)?.value;
      if (['npm', 'yarn', 'pnpm'].includes(prog)) {
        app ??= 'Node';
        const installs = (prog === 'yarn' && (sub === undefined || sub === 'install')) || ((sub === 'install' || sub === 'i' || sub === 'ci') && words.length <= 6);
        if (installs && !prodEnv && !hasFlag(words, '--omit', '--production', '--only', '--prod')) evidence ??= `${prog} ${sub ?? 'install'} installs devDependencies`;
        if (sub === 'run' && /build|compile/.test(words[2]?.value ?? '')) evidence ??= `${prog} run ${words[2].value} needs build tooling`;
        if (sub === 'build') evidence ??= `${prog} build needs build tooling`;
      } else if (prog === 'tsc' || (prog === 'npx' && ['tsc', 'next', 'vite'].includes(words[1]?.value ?? ''))) {
        app ??= 'Node';
        evidence ??= `${words.map((w) => w.value).slice(0, 2).join(' ')} compiles inside the shipped image`;
      } else if (pipWords(cmd)) {
        app ??= 'Python';
      } else if (prog === 'poetry' && sub === 'install' && !hasFlag(words, '--only', '--without', '--no-dev')) {
        app ??= 'Python';
        evidence ??= 'poetry install includes the dev group';
      } else if ((prog === 'apt-get' || prog === 'apk' || prog === 'apt') && (sub === 'install' || sub === 'add')) {
        const pkg = words.find((w) => BUILD_PACKAGES.test(w.value.replace(/[=<>].*$/, '')));
        if (pkg) evidence ??= `${pkg.value} (a compiler/build tool) is installed into the final image`;
      }
    }
  }
  return app && evidence ? { app, evidence } : undefined;
}

export const multiStage: Rule<DockerfileContext> = {
  id: 'dockerfile-multi-stage',
  kind: 'dockerfile',
  title: 'Build in one stage, ship from another',
  rationale:
    'A single-stage build ships compilers, devDependencies and build caches: a bigger image, slower pulls and more CVEs to patch. Install and build in `deps`/`builder` stages and copy only the output into a slim `runner` stage ("AI Stack: Generate Dockerfile" writes that layout).',
  defaultSeverity: 'info',
  *check(ctx) {
    if (ctx.stages.length !== 1) return;
    const found = devTooling(ctx);
    if (!found) return;
    yield at(ctx, ctx.stages[0].from.keywordRange, `Single-stage ${found.app} build ships its build tooling (${found.evidence}). Use a multi-stage build and copy only the output into the final stage.`);
  },
};
