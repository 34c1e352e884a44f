// `npm run bench`: runs every benchmark script in bench/ (they print their figures and update BENCHMARKS.md).
// Usage: node bench/run.mjs [name…]   e.g. node bench/run.mjs lsp
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const all = ['lsp', 'limits', 'workspace', 'rules', 'project', 'containers', 'swarm'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of wanted) {
  const file = ['ts', 'mjs'].map((ext) => path.join(dir, `${name}.${ext}`)).find(existsSync);
  if (!file) {
    console.log(`bench ${name}: no script`);
    continue;
  }
  console.log(`\n=== bench ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
