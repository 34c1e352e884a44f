// 11) Issue 12.1: running the deploy and smoke tasks leaves every ai-stack diagnostic in place. The
// tasks' problem matcher has its own owner (ai-stack-tasks); before the fix, the end of a task cleared
// the language client's diagnostics ("No problems" until the next edit).
import { spawnSync } from 'node:child_process';
import { waitFor } from '../lib/workbench.mjs';
import { ensureDocker, healthProjectCompose } from '../lib/support.mjs';
import { freePort } from '../lib/vscodeServer.mjs';
import { runAiStackTask } from './05-smoke-task.mjs';
import { diffFindings, key } from './01-problems.mjs';

/** The ai-stack rows of the Problems panel, once two reads in a row agree (the server has settled). */
async function settledProblems(wb) {
  let previous;
  let rows = [];
  await waitFor(
    'the ai-stack problems to settle',
    async () => {
      rows = (await wb.problems()).filter((p) => p.source === 'ai-stack');
      const same = previous !== undefined && rows.length > 0 && previous === rows.map(key).join('\n');
      previous = rows.map(key).join('\n');
      return same;
    },
    { timeout: 90_000, interval: 500 },
  );
  return rows;
}

/** Runs an ai-stack task and waits for its success line and for VS Code to report the task ended. */
async function runToEnd(t, wb, name, success) {
  await t.step(`Run Task → ai-stack → ${name}`, 120_000, () => runAiStackTask(wb, name));
  let text = '';
  await t.step(`the ${name} task ends with "${success}"`, 150_000, () =>
    waitFor(
      `"${success}" and the end of the task in the terminal`,
      async () => {
        text = await wb.terminalText();
        if (/✖ /.test(text)) throw new Error(`the ${name} task failed:\n${text.split('\n').filter(Boolean).slice(-15).join('\n')}`);
        return text.includes(success) && /Terminal will be reused by tasks|press any key to close/i.test(text);
      },
      { timeout: 145_000, interval: 500 },
    ).catch((e) => {
      throw new Error(`${e.message}\n  terminal:\n${text.split('\n').filter(Boolean).slice(-15).join('\n')}`);
    }),
  );
}

export default {
  id: 11,
  title: 'Diagnostics survive running the deploy and smoke tasks',
  timeoutMs: 420_000,
  async run(t) {
    ensureDocker();
    const port = await freePort();
    const ws = t.workspace('tasks-keep', { examples: false, files: { 'compose.yaml': healthProjectCompose({ port }) } });
    // deploy brings the project up under compose's default name (the folder's): down it from there.
    t.cleanup(() => spawnSync('docker-compose', ['down', '-v', '-t', '0', '--remove-orphans'], { cwd: ws, timeout: 120_000 }));
    const wb = await t.step('open the project and its compose.yaml', 60_000, async () => {
      const w = await t.openWorkbench(ws);
      await w.openFile('compose.yaml');
      return w;
    });
    const before = await t.step('the ai-stack findings of compose.yaml are shown', 95_000, () => settledProblems(wb));
    t.log(`${before.length} ai-stack problems before the tasks`);
    for (const [name, success] of [
      ['deploy', 'Deploy finished'],
      ['smoke', 'All smoke checks passed.'],
    ]) {
      await runToEnd(t, wb, name, success);
      await t.step(`after ${name}: the same ${before.length} ai-stack problems`, 30_000, async () => {
        const after = (await wb.problems()).filter((p) => p.source === 'ai-stack');
        const d = diffFindings(before, after);
        if (d.missing.length || d.extra.length) throw new Error(`after ${name}, ${after.length} rows (was ${before.length})\n  missing: ${d.missing.slice(0, 10).join(', ') || '-'}\n  unexpected: ${d.extra.slice(0, 10).join(', ') || '-'}`);
      });
    }
    await wb.screenshot('tasks-keep-diagnostics');
  },
};
