// 5) Running the `smoke` task from "Run Task" shows a passing result in the terminal (a real
// compose project serving /health and /ready on a port published on 127.0.0.1).
import { waitFor } from '../lib/workbench.mjs';
import { startHealthProject } from './03-containers.mjs';

/** Tasks: Run Task → ai-stack → the named task (run again while the task-type list does not come, up to `timeout`). */
export async function runAiStackTask(wb, name, { timeout = 90_000 } = {}) {
  const isType = (r) => r.label.trim() === 'ai-stack' || r.label.trim() === `ai-stack: ${name}`;
  // The first list shows task types (and recent tasks); the second the type's tasks.
  await wb.runCommand('Tasks: Run Task', {
    timeout,
    until: { what: '"ai-stack" in Run Task', check: async () => (await wb.quickPickRows().catch(() => [])).some(isType), timeout: 20_000 },
  });
  await wb.pickQuickItem('"ai-stack" in Run Task', isType, 10_000);
  const rows = await wb.quickPickRows().catch(() => []);
  // Task rows read "ai-stack: smoke" (or "smoke (sub/dir)" for a project below the folder).
  const isTask = (r) => new RegExp(`^(ai-stack: )?${name}( \\(|$)`).test(r.label.trim());
  if (rows.length) await wb.pickQuickItem(`the "${name}" task`, isTask, 30_000);
}

export default {
  id: 5,
  title: 'Run Task → ai-stack: smoke passes in the terminal',
  timeoutMs: 240_000,
  async run(t) {
    const { ws, port } = await t.step('docker-compose up -d a busybox web service on 127.0.0.1', 60_000, () => startHealthProject(t, 'smoke'));
    const wb = await t.step('open the project folder', 60_000, () => t.openWorkbench(ws));
    await t.step('Run Task → ai-stack → smoke', 120_000, () => runAiStackTask(wb, 'smoke'));
    let text = '';
    await t.step('the terminal shows both checks passing', 60_000, () =>
      waitFor(
        `✔ GET http://127.0.0.1:${port}/health and /ready → 200 in the terminal`,
        async () => {
          text = await wb.terminalText();
          if (/SMOKE FAIL|✖/.test(text)) throw new Error(`the smoke task failed:\n${text}`);
          return text.includes(`GET http://127.0.0.1:${port}/health → 200`) && text.includes(`GET http://127.0.0.1:${port}/ready → 200`);
        },
        { timeout: 55_000, interval: 500 },
      ).catch((e) => {
        throw new Error(`${e.message}\n  terminal:\n${text.split('\n').filter(Boolean).slice(-15).join('\n')}`);
      }),
    );
    await wb.screenshot('smoke-task');
  },
};
