// 2) The lightbulb quick fix on one finding changes the file as expected, and "Fix all" leaves only
// the findings that have no safe fix — the same text and findings as `ai-stack check --fix`.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';
import { cliFindings, cliFix } from '../lib/support.mjs';
import { diffFindings, key } from './01-problems.mjs';

const RULE = 'no-version-field';

export default {
  id: 2,
  title: 'Quick fix from the lightbulb, then Fix all leaves only the unfixable findings',
  timeoutMs: 300_000,
  async run(t) {
    const ws = t.workspace('quickfix');
    const file = path.join(ws, 'compose.yaml');
    const original = readFileSync(file, 'utf8');
    const server = await t.server();
    const cli = path.join(server.extensionDir, 'dist', 'cli.js');
    const target = cliFindings(cli, ['compose.yaml'], ws).find((f) => f.ruleId === RULE);
    if (!target?.fix) throw new Error(`the CLI reports no fixable ${RULE} finding in the example`);

    const wb = await t.step('open compose.yaml', 60_000, async () => {
      const w = await t.openWorkbench(ws, server);
      await w.openFile('compose.yaml');
      return w;
    });
    // The first diagnostics of a workspace wait for the server's start and its background scan of the
    // other files: on a loaded machine that takes over 30 s (seen at 2 CPU hogs), so the bound is generous.
    await t.step(`wait for the ${RULE} finding`, 95_000, () =>
      waitFor(`${RULE} in the Problems panel`, async () => (await wb.problems()).some((p) => p.code === RULE && p.line === target.line), { timeout: 90_000, interval: 1000 }),
    );
    await t.step(`the lightbulb on line ${target.line} offers "${target.fix.title}" and choosing it edits the file`, 90_000, async () => {
      const item = wb.page.locator('.action-widget .monaco-list-row').filter({ hasText: target.fix.title });
      await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await wb.goToLine(target.line, target.column);
      const bulb = wb.page.locator('.editor-instance .monaco-editor .lightBulbWidget').first();
      await bulb.waitFor({ state: 'visible', timeout: 15_000 });
      await bulb.click();
      await item.first().waitFor({ state: 'visible', timeout: 8_000 }).catch(() => wb.page.keyboard.press('Control+.')); // the keyboard way, if the click fell between renders
      await item.first().waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e) => {
        const shown = await wb.page.locator('.action-widget .monaco-list-row').allInnerTexts();
        throw new Error(`${e.message.split('\n')[0]}; the menu shows: ${shown.join(' | ') || 'nothing'}`);
      });
      await wb.screenshot('quick-fix-menu');
      await item.first().click();
      // The editor turning dirty proves the fix ran; a click lost to a re-render is chosen again (CI once saved an unchanged file).
      await wb.applyQuickFix(target.line, target.column, target.fix.title, { alreadyChosen: true });
    });
    await t.step('the quick fix removes the version line and nothing else', 20_000, async () => {
      await wb.save();
      const now = readFileSync(file, 'utf8');
      const lines = original.split('\n');
      const dropped = lines.filter((_, i) => i !== target.line - 1);
      // The fix may also take the blank line that followed the field.
      const alsoBlank = lines.filter((_, i) => i !== target.line - 1 && !(i === target.line && lines[i].trim() === ''));
      if (now !== dropped.join('\n') && now !== alsoBlank.join('\n')) throw new Error(`unexpected file after the fix; first lines now:\n${now.split('\n').slice(0, 8).join('\n')}`);
    });

    // What the engine says Fix all must produce, from the same starting text in a folder of the
    // same name (fixes derive names such as the network from the project folder).
    const expectDir = path.join(mkdtempSync(path.join(t.tmpRoot, 'fixall-expected-')), path.basename(ws));
    cpSync(ws, expectDir, { recursive: true });
    cliFix(cli, path.join(expectDir, 'compose.yaml'));
    const expectedText = readFileSync(path.join(expectDir, 'compose.yaml'), 'utf8');
    const remaining = cliFindings(cli, ['compose.yaml'], expectDir);
    const expectedShown = remaining.filter((f) => f.severity !== 'hint');
    if (remaining.some((f) => f.fix?.safe)) throw new Error(`ai-stack check --fix left safely fixable findings: ${remaining.filter((f) => f.fix?.safe).map(key).join(', ')}`);

    await t.step('"AI Stack: Fix all ai-stack problems in this file" from the command palette', 20_000, async () => {
      await wb.runCommand('AI Stack: Fix all ai-stack problems in this file');
      await waitFor('the editor to change', async () => (await wb.page.locator('.tabs-container .tab.active.dirty').count()) > 0, { timeout: 15_000 });
      await wb.save();
    });
    await t.step('the saved file equals `ai-stack check --fix`', 5_000, () => {
      const now = readFileSync(file, 'utf8');
      if (now !== expectedText) {
        const a = now.split('\n');
        const b = expectedText.split('\n');
        const i = a.findIndex((l, n) => l !== b[n]);
        throw new Error(`Fix all in the editor and --fix differ from line ${i + 1}:\n  editor: ${JSON.stringify(a[i])}\n  --fix:  ${JSON.stringify(b[i])}`);
      }
    });
    let shown = [];
    await t.step(`only the ${expectedShown.length} unfixable findings remain`, 65_000, () =>
      waitFor(
        'the Problems panel to show only the unfixable findings',
        async () => {
          shown = (await wb.problems()).filter((p) => p.source === 'ai-stack' && p.file === 'compose.yaml');
          const d = diffFindings(expectedShown, shown);
          return expectedShown.length > 0 && d.missing.length === 0 && d.extra.length === 0;
        },
        { timeout: 60_000, interval: 1000 },
      ).catch((e) => {
        const d = diffFindings(expectedShown, shown);
        throw new Error(`${e.message}\n  missing: ${d.missing.join(', ') || '-'}\n  unexpected: ${d.extra.join(', ') || '-'}`);
      }),
    );
    await wb.screenshot('after-fix-all');
  },
};
