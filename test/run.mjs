// Runs every *.test.ts under test/ (except the E2E and in-editor suites) with node's built-in runner.
// Usage: node test/run.mjs [substring filter…]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
// swarm: the real-cluster suite runs on its own (npm run test:swarm, one file at a time).
const skip = new Set(['e2e', 'vscode', 'fixtures', 'support', 'swarm']);
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return skip.has(name) ? [] : walk(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}
const filters = process.argv.slice(2);
const files = walk(root)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
// A filter that matches nothing must not fall through to node's own discovery (which would run the
// E2E and in-editor suites).
if (files.length === 0) {
  console.error(`no test file matches ${filters.map((f) => JSON.stringify(f)).join(', ')}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', '--test-timeout=300000', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
