// 7) The in-editor mocha suite of test/vscode (the @vscode/test-electron one) inside this VS Code
// server, through a runner extension that starts it in the extension host.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';
import { packSuiteRunner } from '../lib/suiteRunner.mjs';
import { startHealthProject } from './03-containers.mjs';

export default {
  id: 7,
  title: 'In-editor mocha suite (test/vscode) runs in the VS Code server extension host',
  timeoutMs: 180_000,
  async run(t) {
    // The suite's Containers-tree test needs at least one container on the engine.
    await t.step('docker-compose up -d a small busybox project', 60_000, () => startHealthProject(t, 'suite'));
    const runnerVsix = await t.step('bundle the suite into a runner extension', 90_000, () => packSuiteRunner(path.join(t.tmpRoot, 'suite-runner', 'ext')));
    const resultsFile = path.join(t.tmpRoot, 'suite-results.json');
    const server = await t.step('start a server with ai-stack and the runner installed', 60_000, () =>
      t.startServer({ extraVsix: [runnerVsix], env: { AI_STACK_SUITE_RESULTS: resultsFile } }),
    );
    const ws = t.workspace('suite');
    await t.step('open the examples (the runner starts the suite)', 60_000, () => t.openWorkbench(ws, server));
    let report;
    await t.step('every in-editor test passes', 120_000, async () => {
      report = await waitFor('the suite to finish', () => {
        if (!existsSync(resultsFile)) return undefined;
        const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
        return r.done ? r : undefined;
      }, { timeout: 115_000, interval: 500 });
      for (const r of report.results) t.log(`${r.skipped ? '-' : r.ok ? '✔' : '✖'} ${r.title}${r.skipped ? ' (skipped)' : r.ok ? '' : `: ${r.error}`}`);
      const failed = report.results.filter((r) => !r.ok);
      if (failed.length || report.error) throw new Error(`${failed.length} failed${report.error ? ` (${report.error})` : ''}: ${failed.map((r) => `${r.title}: ${r.error}`).join('; ')}`);
      if (report.results.length === 0) throw new Error('the suite ran no test');
    });
    t.metrics.inEditorTests = report.results.length;
  },
};
