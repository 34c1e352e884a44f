// 3) With a real dockerd running a small compose project (local busybox image), the AI Stack view
// shows the project, its services and their health; making one unhealthy (removing the file its
// healthcheck tests) turns its icon and the status bar within a few seconds.
import { waitFor } from '../lib/workbench.mjs';
import { compose, composeDown, containerOf, docker, ensureDocker, healthOf, healthProjectCompose } from '../lib/support.mjs';
import { freePort } from '../lib/vscodeServer.mjs';

/** "A few seconds": the healthcheck runs every second and fails after one retry. */
const TURN_LIMIT_MS = 10_000;

export async function startHealthProject(t, name) {
  ensureDocker();
  const project = `aistack-test-e2e-${process.pid}-${name}`;
  const port = await freePort();
  const ws = t.workspace(name, { examples: false, files: { 'compose.yaml': healthProjectCompose({ port }) } });
  t.cleanup(() => composeDown(ws, project));
  compose(ws, project, ['up', '-d']);
  await waitFor(`${project} to be healthy`, () => ['web', 'worker'].every((s) => healthOf(containerOf(project, s)) === 'healthy'), { timeout: 30_000, interval: 500 });
  return { ws, project, port };
}

export default {
  id: 3,
  title: 'Containers view shows the compose project, services and health; unhealthy turns icon and status bar',
  timeoutMs: 150_000,
  async run(t) {
    const { ws, project } = await t.step('docker-compose up -d a two-service busybox project', 60_000, () => startHealthProject(t, 'containers'));
    const wb = await t.step('open the project folder', 60_000, () => t.openWorkbench(ws));
    await t.step('open the AI Stack view', 30_000, async () => {
      const icon = wb.page.locator('.part.activitybar [aria-label^="AI Stack"]').first();
      await icon.click({ timeout: 15_000 });
      await wb.viewPane('Containers').locator('.pane-body').waitFor({ state: 'visible', timeout: 20_000 });
    });
    const rowsOf = async () => {
      const rows = await wb.treeRows('Containers');
      const at = (depth, re) => rows.find((r) => r.depth === depth && re.test(r.text));
      const projectRow = rows.findIndex((r) => r.depth === 1 && r.label === project);
      // The project's rows run until the next top-level group (or the end when it is the only group).
      const next = rows.findIndex((r, i) => i > projectRow && r.depth === 1);
      const mine = projectRow >= 0 ? rows.slice(projectRow, next < 0 ? rows.length : next) : [];
      return { rows, mine, at };
    };
    const containerRow = (mine, service) => mine.find((r) => r.depth === 3 && r.label.startsWith(`${project}_${service}_`));
    let before;
    await t.step('the view lists the project, both services and their healthy containers', 30_000, () =>
      waitFor(
        `project ${project} with services web and worker, each healthy`,
        async () => {
          const { mine } = await rowsOf();
          const ok = ['web', 'worker'].every((s) => mine.some((r) => r.depth === 2 && r.label === s) && containerRow(mine, s)?.description === 'healthy');
          if (ok) before = { web: containerRow(mine, 'web'), mine };
          return ok;
        },
        { timeout: 28_000, interval: 500 },
      ).catch(async (e) => {
        const { rows } = await rowsOf();
        throw new Error(`${e.message}\n  the view shows: ${rows.map((r) => `${'  '.repeat(r.depth)}${r.text}`).join(' | ') || 'nothing'}`);
      }),
    );
    await wb.screenshot('containers-healthy');

    await t.step('a service row has a context menu: logs, restart, go to definition, open in browser', 30_000, async () => {
      const { mine } = await rowsOf();
      const webRow = mine.find((r) => r.depth === 2 && r.label === 'web');
      // The service row of this project: level 2, label exactly "web", at the index the tree reported.
      const row = wb.viewPane('Containers').locator(`.monaco-list-row[aria-level="2"][data-index="${webRow.index}"]`).filter({ has: wb.page.locator('.label-name', { hasText: /^web$/ }) });
      // Right-click only: a left click on a collapsible row would collapse it (and hide its containers).
      await row.locator('.label-name').first().click({ button: 'right' });
      const menu = wb.page.locator('.context-view .monaco-menu');
      await menu.waitFor({ state: 'visible', timeout: 10_000 });
      const wanted = ['Show Logs', 'Restart Service', 'Go to Service Definition', 'Open in Browser'];
      await waitFor(`the menu to list ${wanted.join(', ')}`, async () => {
        const labels = await menu.locator('.action-label').allInnerTexts();
        return wanted.every((w) => labels.some((l) => l.trim() === w));
      }, { timeout: 10_000 }).catch(async (e) => {
        throw new Error(`${e.message}; it lists: ${(await menu.locator('.action-label').allInnerTexts()).join(' | ')}`);
      });
      await wb.page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 10_000 });
    });

    await t.step('expanding the worker container shows the compose rules\' Findings (runtime audit)', 30_000, async () => {
      const { mine } = await rowsOf();
      const worker = containerRow(mine, 'worker');
      const row = wb.viewPane('Containers').locator(`.monaco-list-row[aria-level="3"][data-index="${worker.index}"]`);
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.label-name').first().click();
      // The compose service sets none of these: its container must show them, as the file checker would.
      const expected = ['cap-drop-all', 'memory-limit', 'pids-limit', 'read-only-rootfs', 'non-root-user', 'logging-rotation'];
      let shown = [];
      await waitFor(`a Findings row with ${expected.join(', ')}`, async () => {
        const rows = (await rowsOf()).mine;
        const at = rows.findIndex((r) => r.depth === 4 && r.label === 'Findings');
        if (at < 0) return false;
        shown = rows.slice(at + 1).filter((r) => r.depth === 5).map((r) => r.description);
        return expected.every((id) => shown.includes(id)) && !shown.includes('no-hardcoded-secrets');
      }, { timeout: 25_000, interval: 500 }).catch((e) => {
        throw new Error(`${e.message}; the findings shown: ${shown.join(', ') || 'none'}`);
      });
      await wb.screenshot('containers-findings');
      await row.locator('.label-name').first().click(); // collapse again
    });

    const web = containerOf(project, 'web');
    const t0 = Date.now();
    docker(['exec', web, 'rm', '-f', '/tmp/healthy']);
    await t.step('docker exec rm of the health file turns the web container unhealthy (engine)', 20_000, () =>
      waitFor('docker to report web unhealthy', () => healthOf(web) === 'unhealthy', { timeout: 18_000, interval: 250 }),
    );
    let status;
    await t.step(`icon, description and status bar turn within ${TURN_LIMIT_MS / 1000} s`, TURN_LIMIT_MS + 5_000, () =>
      waitFor(
        'the web container row to show unhealthy with a new icon, and the status bar to count 1 unhealthy',
        async () => {
          const { mine } = await rowsOf();
          const row = containerRow(mine, 'web');
          status = (await wb.statusBarItems()).find((i) => /aiStack\.containers\.unhealthy/.test(i.id));
          return row?.description === 'unhealthy' && row.icon !== before.web.icon && /1 unhealthy/.test(status?.text ?? '');
        },
        { timeout: TURN_LIMIT_MS, interval: 250 },
      ).catch(async (e) => {
        const { mine } = await rowsOf();
        const row = containerRow(mine, 'web');
        throw new Error(`${e.message}\n  web row: ${row?.text} [icon ${row?.icon}] (before: ${before.web.text} [icon ${before.web.icon}])\n  status bar item: ${status ? status.text : 'not shown'}`);
      }),
    );
    t.log(`unhealthy shown ${((Date.now() - t0) / 1000).toFixed(1)} s after the rm (engine healthcheck interval 1 s)`);
    t.metrics.unhealthyShownSeconds = (Date.now() - t0) / 1000;
    await wb.screenshot('containers-unhealthy');
  },
};
