/**
 * Mocha entry point for the in-editor suite (TDD: suite/test). @vscode/test-electron calls `run()`
 * inside the extension host (runTest.mjs); the VS Code server E2E loads the same bundle through a
 * small runner extension (test/e2e/lib/suiteRunner.mjs). The suite files are bundled with this
 * file, so they are required after mocha has defined its globals.
 */
import Mocha from 'mocha';

export interface SuiteResult {
  title: string;
  ok: boolean;
  skipped?: boolean;
  error?: string;
  ms?: number;
}

export function run(onResult?: (r: SuiteResult) => void): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'ai-stack-suite', mocha);
  require('./extension.suite');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
    runner.on('pass', (t) => onResult?.({ title: t.fullTitle(), ok: true, ms: t.duration }));
    runner.on('fail', (t, err: Error) => onResult?.({ title: t.fullTitle(), ok: false, error: err?.message }));
    runner.on('pending', (t) => onResult?.({ title: t.fullTitle(), ok: true, skipped: true }));
  });
}
