// Bundles test/vscode/suite into one CommonJS file an extension host can load: `vscode` stays
// external (the host provides it), mocha is bundled in.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Returns the path of the bundle, whose `run()` is what @vscode/test-electron calls. */
export async function bundleSuite(outDir) {
  const outfile = path.join(outDir, 'index.js');
  const options = JSON.parse(fs.readFileSync(path.join(REPO, 'scripts', 'bundleOptions.json'), 'utf8'));
  await esbuild.build({ ...options, entryPoints: [path.join(REPO, 'test', 'vscode', 'suite', 'index.ts')], outfile, logLevel: 'error' });
  return outfile;
}
