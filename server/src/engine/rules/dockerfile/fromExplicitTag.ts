import type { DockerfileContext, Stage } from '../../dockerfile/context';
import { stageNamed } from '../../dockerfile/context';
import type { Rule } from '../../rule';
import { pinAdvice, pinLevel, PINNING_POLICY, splitImage } from '../../shared/imagePinning';
import { at, keyValues } from './util';


/** The image reference after substituting global ARG defaults (`FROM ${BASE}`). */
function expand(ctx: DockerfileContext, image: string): string | undefined {
  const defaults = new Map<string, string | undefined>();
  for (const a of ctx.globalArgs) if (a.keyword === 'ARG') for (const kv of keyValues(a)) defaults.set(kv.key, kv.value);
  let out = image;
  // Defaults may refer to other ARGs (ARG IMAGE=${BASE}:${TAG}); a few rounds resolve the usual chains.
  for (let round = 0; round < 4 && out.includes('$'); round++) {
    let unresolved = false;
    out = out.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g, (_, name: string, fallback?: string) => {
      const v = defaults.get(name) ?? fallback;
      if (v === undefined) unresolved = true;
      return v ?? '';
    });
    if (unresolved) return undefined; // set only by --build-arg: nothing to judge here
  }
  return out.includes('$') ? undefined : out;
}

/** The shared pinning policy (`shared/imagePinning.ts`), as for compose images. */
export function tagProblem(ref: string): { message: string; severity: 'warning' | 'info' } | undefined {
  const { repository, tag, digest } = splitImage(ref);
  return pinAdvice(ref, pinLevel(repository.toLowerCase(), tag?.toLowerCase(), digest), tag);
}

export const fromExplicitTag: Rule<DockerfileContext> = {
  id: 'dockerfile-from-explicit-tag',
  kind: 'dockerfile',
  title: 'Pin base images to a version',
  rationale:
    'An untagged or `:latest` base image is a different image on every build: builds stop being reproducible and a new upstream release (or a compromised one) lands in production unreviewed. Pin a full version tag or a digest and update on purpose. ' + PINNING_POLICY,
  defaultSeverity: 'warning',
  *check(ctx) {
    for (const stage of ctx.stages) {
      const problem = problemOf(ctx, stage);
      if (problem) yield { ...at(ctx, stage.imageRange, problem.message), severity: problem.severity };
    }
  },
};

function problemOf(ctx: DockerfileContext, stage: Stage): { message: string; severity?: 'info' } | undefined {
  const image = stage.image;
  if (!image || image.toLowerCase() === 'scratch' || stageNamed(ctx, image, stage.index)) return undefined;
  const ref = image.includes('$') ? expand(ctx, image) : image;
  if (ref === undefined || ref === '' || ref.toLowerCase() === 'scratch' || stageNamed(ctx, ref, stage.index)) return undefined;
  const problem = tagProblem(ref);
  if (!problem) return undefined;
  return problem.severity === 'info' ? { message: problem.message, severity: 'info' } : { message: problem.message };
}
