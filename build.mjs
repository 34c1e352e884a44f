// Bundles the three entry points (extension, language server, CLI) with esbuild.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

import { execFileSync } from 'node:child_process';

const watch = process.argv.includes('--watch');
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-schema-validator.ts'], { stdio: 'inherit' });
const production = process.argv.includes('--production');
// `--outdir DIR`: write the bundles to DIR instead of dist/ (the benchmarks measure the shipped, production build there).
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? process.argv[outdirAt + 1] : 'dist';
// Shared with the test bundlers (scripts/bundleOptions.json). `external`: ssh2 (via dockerode) try-requires
// optional native addons, not needed for local sockets or TCP. `mainFields` module first: jsonc-parser's UMD
// build loads its own files at run time, its ESM build bundles cleanly. `./cli-tasks`: the CLI's task commands,
// a bundle of their own (dist/cli-tasks.js) that dist/cli-main.js requires at run time.
const bundleOptions = JSON.parse(fs.readFileSync(new URL('./scripts/bundleOptions.json', import.meta.url), 'utf8'));
const common = { ...bundleOptions, sourcemap: !production, minify: production };
const entries = ([
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  // The `ai-stack` executable is a small launcher (code cache, compiler choice) that loads the CLI bundle.
  // `node --`: Node 20 would otherwise take the CLI's own `--env-file` option for itself.
  { entryPoints: ['server/src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env -S node --' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  // The task commands (Docker client stack) in a bundle of their own, required by cli-main.js on demand.
  { entryPoints: ['server/src/cli/cli-tasks.ts'], outfile: 'dist/cli-tasks.js' },
]).map((e) => ({ ...e, outfile: e.outfile.replace(/^dist\//, `${outdir}/`) }));
if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
  console.log('watching…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  for (const bin of ['cli.js', 'server.js']) fs.chmodSync(`${outdir}/${bin}`, 0o755);
}
