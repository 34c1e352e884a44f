// 16) The swarm service actions of the Containers view, clicked in VS Code on the local three-node
// swarm (lib/swarm.mjs): Scale (answering the input box) → the engine runs the new replica count;
// Roll Back after an update → the service's spec is the previous image again; Show Service Logs → a
// terminal with the service's log lines; Go to Service Definition → the stack file, the service's key
// selected. Every check reads real state (docker service inspect / ps, the terminal, the editor) with
// a bounded wait.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';
import { onManager, showSwarmView, swarmWithStack } from '../lib/swarm.mjs';

const STACK = 'aie2eact';
const IMAGE_V1 = 'ai-stack-test/swarm-web:v1';
const IMAGE_V2 = 'ai-stack-test/swarm-web:v2';
const LOG_LINE = 'ai-stack-e2e talker line';
// No IPVS here, so dnsrr and no published ports (see test/swarm/fixtures/compose.yaml). `talker`
// writes a numbered line every second, for the logs; `web` is updated and rolled back.
const STACK_FILE = `services:
  web:
    image: ${IMAGE_V1}
    deploy:
      endpoint_mode: dnsrr
      replicas: 1
      update_config:
        order: start-first
      rollback_config:
        order: start-first
  talker:
    image: ai-stack-test/busybox:1.36.1
    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo \\"${LOG_LINE} $$i\\"; sleep 1; done"]
    deploy:
      endpoint_mode: dnsrr
      replicas: 1
`;

/** Also defines a talker (at another line): the definition of the stack's service is in the folder named after the stack. */
const DECOY_FILE = `services:
  talker:
    image: ai-stack-test/busybox:1.36.1
`;

function serviceState(name) {
  const [replicas, image, update] = onManager(['service', 'inspect', '--format', '{{.Spec.Mode.Replicated.Replicas}}|{{.Spec.TaskTemplate.ContainerSpec.Image}}|{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}', `${STACK}_${name}`]).trim().split('|');
  const running = onManager(['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}', `${STACK}_${name}`]).split('\n').filter((l) => l.startsWith('Running')).length;
  return { replicas: Number(replicas), image, update, running };
}

/** Waits on the engine's state of a service; the error says what it was last. */
async function engineReaches(what, name, accept, timeout = 90_000) {
  let last;
  await waitFor(what, async () => accept((last = serviceState(name))), { timeout, interval: 500 }).catch((e) => {
    throw new Error(`${e.message}; the engine says ${JSON.stringify(last)}`);
  });
  return last;
}

export default {
  id: 16,
  title: 'Swarm service actions clicked in the Containers view: scale, roll back, logs, go to definition',
  timeoutMs: 480_000,
  async run(t) {
    const ws = t.workspace('swarm-actions', { examples: false, files: { [`${STACK}/compose.yaml`]: STACK_FILE, 'other/compose.yaml': DECOY_FILE } });
    const stackFile = path.join(ws, STACK, 'compose.yaml');
    const { settings } = await swarmWithStack(t, { stack: STACK, composeFile: stackFile });
    t.cleanup(() => onManager(['stack', 'rm', STACK]));
    // The proxy's socket is known once the cluster is up: the settings are written before the folder opens.
    mkdirSync(path.join(ws, '.vscode'), { recursive: true });
    writeFileSync(path.join(ws, '.vscode', 'settings.json'), settings);
    const wb = await t.step('open the stack\'s folder, Docker host the swarm manager', 60_000, () => t.openWorkbench(ws));
    await t.step('the Swarm section shows web 1/1 and talker 1/1', 120_000, () =>
      showSwarmView(wb, `stack ${STACK}: web 1/1 and talker 1/1`, (r) => r.some((x) => x.label === STACK) && ['web', 'talker'].every((s) => r.some((x) => x.label === s && x.description.startsWith('1/1 ·')))),
    );
    await wb.screenshot('swarm-actions');

    const serviceRow = (name) => wb.viewPane('Containers').locator('.monaco-list-row[aria-level="3"]').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
    /** Right-clicks the service row until its menu offers `entry` (it may wait on the view's next refresh), then clicks it. */
    const clickMenu = async (name, entry) => {
      const menu = wb.page.locator('.context-view .monaco-menu');
      let labels = [];
      await waitFor(`the menu of ${name} to offer "${entry}"`, async () => {
        if (await menu.isVisible()) {
          await wb.page.keyboard.press('Escape');
          await menu.waitFor({ state: 'hidden', timeout: 5_000 });
        }
        // Right-click only: a left click on a collapsible row would expand it.
        await serviceRow(name).locator('.label-name').first().click({ button: 'right' });
        await menu.waitFor({ state: 'visible', timeout: 5_000 });
        labels = (await menu.locator('.action-label').allInnerTexts()).map((l) => l.trim());
        return labels.includes(entry);
      }, { timeout: 30_000, interval: 1000 }).catch((e) => {
        throw new Error(`${e.message}; it offers: ${labels.join(' | ')}`);
      });
      // Hovering focuses the entry; Enter runs it (a synthetic click right after the menu opens is
      // taken by the menu as the end of the right-click and ignored).
      await menu.locator('.action-label').filter({ hasText: new RegExp(`^${entry}$`) }).first().hover();
      await wb.page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout: 5_000 });
    };

    const scaled = await t.step('Scale Service… on talker, answering 3: the engine runs 3 replicas', 120_000, async () => {
      const t0 = Date.now();
      await clickMenu('talker', 'Scale Service…');
      const widget = wb.page.locator('.quick-input-widget');
      await waitFor('the input box asking for the number of replicas', async () => (await widget.isVisible()) && /Number of replicas/.test(await widget.innerText()), { timeout: 10_000 });
      await widget.locator('.quick-input-box input').fill('3');
      await widget.locator('.quick-input-box input').press('Enter');
      await engineReaches('talker: 3 replicas in the spec, 3 tasks running', 'talker', (s) => s.replicas === 3 && s.running === 3);
      return (Date.now() - t0) / 1000;
    });

    await t.step('Show Service Logs on talker: a terminal shows its log lines', 60_000, async () => {
      await clickMenu('talker', 'Show Service Logs');
      let text = '';
      await waitFor(`a terminal with "${LOG_LINE} N"`, async () => new RegExp(`${LOG_LINE} \\d+`).test((text = await wb.terminalText())), { timeout: 30_000, interval: 500 }).catch((e) => {
        throw new Error(`${e.message}; the terminal shows: ${text.slice(-500) || 'nothing'}`);
      });
      await wb.screenshot('swarm-logs');
    });

    await t.step('Go to Service Definition on talker: the stack file opens with the key "talker" selected', 60_000, async () => {
      const lines = readFileSync(stackFile, 'utf8').split('\n');
      const line = lines.indexOf('  talker:') + 1;
      const row = serviceRow('talker');
      await row.hover();
      await row.locator('.action-label[aria-label^="Go to Service Definition"]').first().click({ timeout: 10_000 });
      let shown = '';
      await waitFor(`compose.yaml active with line ${line}, "talker" selected`, async () => {
        // The breadcrumbs name the file with its folder (the tab, only its name).
        const crumbs = (await wb.page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item').allInnerTexts()).map((c) => c.trim()).join('/');
        shown = `${crumbs} · ${(await wb.statusBarItems()).find((i) => /^Ln \d+, Col \d+/.test(i.text))?.text ?? 'no cursor position'}`;
        return crumbs.startsWith(`${STACK}/compose.yaml`) && new RegExp(`^Ln ${line}, Col (3|9) \\(6 selected\\)`).test(shown.split(' · ')[1]);
      }, { timeout: 20_000 }).catch((e) => {
        throw new Error(`${e.message}; shown: ${shown}`);
      });
    });

    const rolledBack = await t.step('Roll Back Service on web after an update to v2: the spec is v1 again', 180_000, async () => {
      onManager(['service', 'update', '--detach', '--image', IMAGE_V2, `${STACK}_web`]);
      await engineReaches('web updated to v2', 'web', (s) => s.image.startsWith(IMAGE_V2) && s.update === 'completed' && s.running === 1);
      const t0 = Date.now();
      await clickMenu('web', 'Roll Back Service');
      await wb.clickDialogButton('Roll back');
      await engineReaches('web rolled back to v1', 'web', (s) => s.image.startsWith(IMAGE_V1) && s.update === 'rollback_completed' && s.running === 1);
      return (Date.now() - t0) / 1000;
    });
    t.log(`FIGURES scale 1→3 clicked→running ${scaled.toFixed(1)} s; rollback clicked→completed ${rolledBack.toFixed(1)} s`);
  },
};
