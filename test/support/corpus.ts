/**
 * Where the shared corpus of real compose files and Dockerfiles is (third-party data, read-only):
 * $AI_STACK_CORPUS, else ../shared/corpus beside the checkout, else this workplace's /work/shared/corpus
 * (a CI clone may live elsewhere).
 */
import fs from 'node:fs';
import path from 'node:path';

const candidates = [process.env.AI_STACK_CORPUS, path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus'), '/work/shared/corpus'].filter((p): p is string => !!p);

export const CORPUS_ROOT: string | undefined = candidates.find((p) => fs.existsSync(path.join(p, 'compose')));

export function corpusDir(kind: 'compose' | 'dockerfile'): string {
  if (!CORPUS_ROOT) throw new Error(`corpus not found (looked in ${candidates.join(', ')}); set AI_STACK_CORPUS to the folder holding compose/ and dockerfile/`);
  return path.join(CORPUS_ROOT, kind);
}
