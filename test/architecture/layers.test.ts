// Architecture: no import cycles, and the layer boundaries hold (engine at the bottom, the client
// reaching the runtime through its entry). The boundary rule itself runs in `npm run lint`; this
// test shows the rule can fail, then checks the whole import graph with the same predicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ROOT, importCycles, importGraph } from './importGraph';

type Boundaries = { boundaryViolation(file: string, target: string): string | undefined; default: { rules: Record<string, unknown> } };
const loadBoundaries = (): Promise<Boundaries> => import(path.join(ROOT, 'scripts/eslint/boundaries.mjs')) as Promise<Boundaries>;

test('no import cycles among the product modules', () => {
  const cycles = importCycles(importGraph());
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.map((c) => c.join(' -> ')).join('\n')}`);
});

test('every import in the product respects the layer boundaries', async () => {
  const { boundaryViolation } = await loadBoundaries();
  const crossings: string[] = [];
  for (const [from, targets] of importGraph()) {
    for (const to of targets) {
      const why = boundaryViolation(path.join(ROOT, from), path.join(ROOT, to));
      if (why) crossings.push(`${from} -> ${to}: ${why}`);
    }
  }
  assert.deepEqual(crossings, []);
});

test('the boundary rule reports an engine module importing the language server', async () => {
  const boundaries = await loadBoundaries();
  const linter = new Linter({ configType: 'flat' });
  const config = [{
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    plugins: { 'ai-stack': boundaries.default as never },
    rules: { 'ai-stack/layer-boundaries': 'error' as const },
  }];
  const engineFile = path.join(ROOT, 'server/src/engine/rules/compose/example.ts');
  const bad = linter.verify("import { x } from '../../../lsp/server';\n", config, engineFile);
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /engine imports nothing outside/);
  const good = linter.verify("import { x } from '../../rule';\n", config, engineFile);
  assert.deepEqual(good, []);
  const clientFile = path.join(ROOT, 'client/src/containers/example.ts');
  assert.equal(linter.verify("import { y } from '../../../runtime/src/docker/audit';\n", config, clientFile).length, 1);
  assert.deepEqual(linter.verify("import { y } from '../../../runtime/src';\n", config, clientFile), []);
});
