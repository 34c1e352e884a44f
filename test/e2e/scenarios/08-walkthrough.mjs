// 8) The walkthrough (contributes.walkthroughs) opens from "Welcome: Open Walkthrough..." with its
// six steps (their media/walkthrough/*.md pages render in a webview: see the screenshot).
import { waitFor } from '../lib/workbench.mjs';

const STEPS = ['Open a compose project', 'See the findings', 'Fix them', 'Watch your containers', 'Add a GPU Ollama service', 'Run migrations and smoke tests'];

export default {
  id: 8,
  title: 'Walkthrough "Harden your AI stack" shows its six steps',
  timeoutMs: 90_000,
  async run(t) {
    const wb = await t.step('open the example', 60_000, async () => t.openWorkbench(t.workspace('walkthrough')));
    await t.step('Welcome: Open Walkthrough... → Harden your AI stack', 30_000, async () => {
      await wb.runCommand('Welcome: Open Walkthrough...');
      await wb.pickQuickItem('"Harden your AI stack" among the walkthroughs', (r) => /Harden your AI stack/.test(r.label + r.aria), 15_000);
    });
    await t.step('the six steps show', 20_000, () =>
      waitFor(
        `steps ${STEPS.join(', ')}`,
        async () => {
          const text = await wb.page.locator('.gettingStartedContainer').first().innerText();
          // The step pages (media/walkthrough/*.md) render in a webview, outside this text.
          return STEPS.every((s) => text.includes(s));
        },
        { timeout: 18_000 },
      ),
    );
    await wb.screenshot('walkthrough');
  },
};
