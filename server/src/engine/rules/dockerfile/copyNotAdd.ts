import type { DockerfileContext } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { at, instructionAt, replace } from './util';

const REMOTE = /^(https?|git|ssh):\/\/|^git@/i;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|gz|bz2|xz)$/i;
/** Flags that exist only for ADD: replacing the keyword would break the instruction. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export const copyNotAdd: Rule<DockerfileContext> = {
  id: 'dockerfile-copy-not-add',
  kind: 'dockerfile',
  title: 'Use COPY for local files',
  rationale:
    '`ADD` also downloads URLs and unpacks archives, so a harmless-looking line can fetch remote content or explode a tarball. For plain local files `COPY` does exactly one thing and says so.',
  defaultSeverity: 'warning',
  fixDescription: 'Replaces `ADD` with `COPY`.',
  *check(ctx) {
    for (const instr of ctx.instructions) {
      if (instr.keyword !== 'ADD') continue;
      const sources = (instr.json ?? instr.body.text.split(/\s+/).filter(Boolean)).slice(0, -1);
      if (sources.length === 0 || sources.some((s) => REMOTE.test(s) || ARCHIVE.test(s) || s.startsWith('<<'))) continue;
      yield at(ctx, instr.keywordRange, 'ADD copies local files here; use COPY, which never downloads or unpacks.');
    }
  },
  fix(ctx, finding) {
    const instr = instructionAt(ctx, finding);
    if (!instr || instr.flags.some((f) => ADD_ONLY_FLAGS.has(f.name))) return undefined;
    return { title: 'Replace ADD with COPY', edits: [replace(ctx, instr.keywordRange, ctx.text.slice(instr.keywordRange.start, instr.keywordRange.end) === 'add' ? 'copy' : 'COPY')], safe: true };
  },
};
