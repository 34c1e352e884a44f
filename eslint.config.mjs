// Lint: only rules that catch real defects (a floating promise loses its error; an import across a
// layer boundary couples what should stay apart). Style is left to the code review.
import tseslint from 'typescript-eslint';
import boundaries from './scripts/eslint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/e2e/.cache/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['client/src/**/*.ts', 'server/src/**/*.ts', 'runtime/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'ai-stack': boundaries },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      'ai-stack/layer-boundaries': 'error',
    },
  },
);
