// 15) The Containers view on a real three-node swarm (scripts/swarm-cluster.sh): the Swarm section
// shows the stack, and the extension re-reads the swarm's tasks only while someone looks at them.
// Every request the extension makes to the manager goes through a counting proxy (lib/dockerProxy.mjs,
// set as aiStack.docker.host): open section → task lists every period; section collapsed, or the view
// hidden → none. The windows below are the measurement (how many calls in that much time); every
// wait for a state (rows shown, the section collapsed) is on the UI with a bounded timeout.
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';
import { REPO } from '../lib/support.mjs';
import { onManager, showSwarmView, swarmWithStack } from '../lib/swarm.mjs';

const FIXTURE = path.join(REPO, 'test', 'swarm', 'fixtures', 'compose.yaml');
const STACK = 'aie2e';
/** The model's default period is 2 s: a window of five periods. */
const WINDOW_MS = 10_000;
/** A read the extension had already decided on when the section closed may still go out at the start of a window. */
const GRACE_MS = 2_500;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default {
  id: 15,
  title: 'Swarm section: the stack is shown; tasks are re-read only while the section is open in a visible view',
  timeoutMs: 420_000,
  async run(t) {
    const { proxy, settings } = await swarmWithStack(t, { stack: STACK, composeFile: FIXTURE, env: { WEB_TAG: 'v1' } });
    const ws = t.workspace('swarm', { examples: false, files: { '.vscode/settings.json': settings } });
    const wb = await t.step('open a folder whose Docker host is the swarm manager (through the proxy)', 60_000, () => t.openWorkbench(ws));
    const rows = () => wb.treeRows('Containers');
    const swarmRow = async () => (await rows()).find((r) => r.depth === 1 && r.label === 'Swarm');
    await t.step('the AI Stack view shows the Swarm section with the stack converged', 120_000, () =>
      showSwarmView(wb, `stack ${STACK}: web 2/2 and worker 3/3`, (r) => r.some((x) => x.label === STACK) && r.some((x) => x.label === 'web' && x.description.startsWith('2/2 ·')) && r.some((x) => x.label === 'worker' && x.description.startsWith('3/3 ·'))),
    );
    await wb.screenshot('swarm-section');
    const open = await t.step('section open: the tasks are re-read every period', 30_000, async () => {
      const since = Date.now();
      await sleep(WINDOW_MS);
      const n = proxy.count('/tasks', since);
      if (n < 3) throw new Error(`only ${n} task lists in ${WINDOW_MS / 1000} s with the section open`);
      return n;
    });
    const quiet = async (what) => {
      const since = Date.now();
      await sleep(WINDOW_MS);
      const late = proxy.requests.filter((r) => r.path === '/tasks' && r.at >= since + GRACE_MS);
      if (late.length) throw new Error(`${late.length} task lists while ${what}`);
      return { tasks: proxy.count('/tasks', since), all: proxy.requests.filter((r) => r.at >= since).length };
    };
    const collapsed = await t.step('section collapsed: no task list', 60_000, async () => {
      const row = wb.viewPane('Containers').locator('.monaco-list-row[aria-level="1"]').filter({ has: wb.page.locator('.label-name', { hasText: /^Swarm$/ }) });
      await row.locator('.monaco-tl-twistie').first().click();
      await waitFor('the Swarm section collapsed', async () => (await swarmRow())?.expanded === 'false', { timeout: 10_000 });
      return quiet('the section is collapsed');
    });
    await t.step('expanded again: task lists resume', 30_000, async () => {
      const row = wb.viewPane('Containers').locator('.monaco-list-row[aria-level="1"]').filter({ has: wb.page.locator('.label-name', { hasText: /^Swarm$/ }) });
      const since = Date.now();
      await row.locator('.monaco-tl-twistie').first().click();
      await waitFor('a task list after expanding', async () => proxy.count('/tasks', since) > 0, { timeout: 15_000 });
    });
    const hidden = await t.step('view hidden (Explorer shown instead): no task list', 60_000, async () => {
      await wb.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click({ timeout: 15_000 });
      await wb.viewPane('Containers').waitFor({ state: 'hidden', timeout: 10_000 });
      return quiet('the view is hidden');
    });
    const collapsedAll = await t.step('view shown again, then the view\'s Collapse All: no task list', 60_000, async () => {
      const since = Date.now();
      await wb.page.locator('.part.activitybar [aria-label^="AI Stack"]').first().click({ timeout: 15_000 });
      await waitFor('a task list once the view shows again', async () => proxy.count('/tasks', since) > 0, { timeout: 15_000 });
      // The view is alone in its container: its actions sit in the side bar's title.
      const sidebar = wb.page.locator('.part.sidebar');
      await sidebar.hover();
      await sidebar.locator('.action-label[aria-label^="Collapse All"]').first().click({ timeout: 10_000 });
      await waitFor('the Swarm section collapsed', async () => (await swarmRow())?.expanded === 'false', { timeout: 10_000 });
      return quiet('the view is collapsed with Collapse All');
    });
    t.log(`FIGURES task lists in ${WINDOW_MS / 1000} s: open ${open}, collapsed ${collapsed.tasks} (all calls ${collapsed.all}), hidden ${hidden.tasks} (all calls ${hidden.all}), Collapse All ${collapsedAll.tasks}`);
    onManager(['stack', 'rm', STACK]);
  },
};
