import type { DockerfileContext, Instruction } from '../../dockerfile/context';
import { basename, pipWords, programWords, runCommands, subcommand } from '../../dockerfile/shell';
import type { Rule } from '../../rule';
import { at } from './util';

/** A RUN that installs dependencies from manifest files (the step a cache should keep). */
export function installsDependencies(instr: Instruction): boolean {
  for (const cmd of runCommands(instr)) {
    const words = programWords(cmd);
    const prog = basename(words[0]?.value ?? '');
    const sub = subcommand(words)?.value;
    if (prog === 'npm' && ['ci', 'install', 'i'].includes(sub ?? '') && words.slice(2).every((w) => w.value.startsWith('-'))) return true;
    if (prog === 'yarn' && (sub === undefined || sub === 'install')) return true;
    if (prog === 'pnpm' && (sub === 'install' || sub === 'i')) return true;
    if (pipWords(cmd) && words.some((w) => w.value === '-r' || w.value.startsWith('--requirement'))) return true;
    if ((prog === 'poetry' && sub === 'install') || (prog === 'uv' && sub === 'sync') || (prog === 'pipenv' && sub === 'install')) return true;
    if ((prog === 'bundle' && sub === 'install') || (prog === 'go' && sub === 'mod') || (prog === 'composer' && sub === 'install')) return true;
  }
  return false;
}

function copiesWholeContext(instr: Instruction): boolean {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return false;
  if (instr.flags.some((f) => f.name === 'from')) return false;
  const args = instr.json ?? instr.body.text.split(/\s+/).filter(Boolean);
  return args.slice(0, -1).some((s) => s === '.' || s === './');
}

export const copyBeforeInstall: Rule<DockerfileContext> = {
  id: 'dockerfile-copy-before-install',
  kind: 'dockerfile',
  title: 'Copy manifests before installing dependencies',
  rationale:
    'Docker reuses a layer only while everything before it is unchanged. After `COPY . .`, any source edit invalidates the dependency install, so every build downloads all packages again. Copy the manifests and lockfile first, install, then copy the source.',
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const stage of ctx.stages) {
      const copy = stage.instructions.find(copiesWholeContext);
      if (!copy) continue;
      const install = stage.instructions.find((i) => i.keyword === 'RUN' && i.range.start > copy.range.start && installsDependencies(i));
      if (install) {
        yield {
          ...at(ctx, copy.range, `The whole build context is copied before the dependency install on line ${install.line + 1}, so every source change re-installs all dependencies. Copy the manifests and lockfile first, install, then COPY the rest.`),
          related: [{ file: ctx.path, range: install.range, message: 'dependency install' }],
        };
      }
    }
  },
};
