// 17) A multi-root workspace: every folder's compose files show up in Problems, and a folder removed
// from the workspace (Workspaces: Remove Folder from Workspace…) takes its files' rows with it while
// the other folder's rows stay. The server hears of it through workspace/didChangeWorkspaceFolders.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';

/** A compose file whose privileged service is named after its folder (Problems names both files compose.yaml). */
const privileged = (name) => `services:\n  ${name}:\n    image: ghcr.io/acme/api:1.2.3\n    privileged: true\n`;

export default {
  id: 17,
  title: 'A folder removed from a multi-root workspace leaves Problems',
  timeoutMs: 180_000,
  async run(t) {
    const ws = t.workspace('multi-root', {
      examples: false,
      files: {
        'alpha/compose.yaml': privileged('alpha'),
        'beta/compose.yaml': privileged('beta'),
        'stack.code-workspace': JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }, null, 2),
      },
    });
    // A server of its own: on the shared one, where other scenarios opened folders before, the page for a
    // .code-workspace URL never showed its Explorer.
    const server = await t.step('a VS Code server of its own', 90_000, () => t.startServer());
    const wb = await t.step('open the two-folder workspace', 60_000, () => t.openWorkbench(path.join(ws, 'stack.code-workspace'), server));
    const privilegedIn = async (folder) => (await wb.problems()).some((p) => p.source === 'ai-stack' && p.code === 'no-privileged' && p.message.startsWith(`Service "${folder}"`));
    await t.step('both folders\' compose files list no-privileged', 60_000, () =>
      waitFor('no-privileged in alpha and beta', async () => (await privilegedIn('alpha')) && (await privilegedIn('beta')), { timeout: 55_000, interval: 1000 }),
    );
    await t.step('remove the folder beta from the workspace: its rows go, alpha\'s stay', 60_000, async () => {
      await wb.runCommand('Workspaces: Remove Folder from Workspace...');
      await wb.pickQuickItem('the folder beta in the pick', (r) => r.label.trim() === 'beta');
      await waitFor('the workspace file to list alpha alone', () => JSON.parse(fs.readFileSync(path.join(ws, 'stack.code-workspace'), 'utf8')).folders.length === 1, { timeout: 20_000, interval: 500 });
      await waitFor('no rows for beta\'s compose.yaml', async () => !(await privilegedIn('beta')), { timeout: 30_000, interval: 1000 });
      if (!(await privilegedIn('alpha'))) throw new Error('alpha\'s compose.yaml lost its rows');
    });
    await wb.screenshot('multi-root');
  },
};
