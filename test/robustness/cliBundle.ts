/** The CLI bundle for the robustness files' CLI tests. */
import { after } from 'node:test';
import path from 'node:path';
import { buildCli, removeDir } from '../cli/harness';

/**
 * A getter for the CLI bundle, built on its first call (so that a file's other tests do not depend
 * on the bundle) and removed after the file's tests. Call it once, at the top level of a test file.
 */
export function lazyCliBundle(): () => Promise<string> {
  let built: Promise<string> | undefined;
  after(async () => {
    if (built) removeDir(path.dirname(await built));
  });
  return () => (built ??= buildCli());
}
