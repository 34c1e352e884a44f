// 4) "Generate Dockerfile" and "Add GPU Ollama service" from the command palette produce the
// files, which then show zero findings (in the Problems panel and from the packaged CLI).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';
import { cliFindings } from '../lib/support.mjs';

const FASTAPI_APP = {
  'requirements.txt': 'fastapi==0.115.6\nuvicorn==0.34.0\n',
  'app/__init__.py': '',
  'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
  // A file with known findings: when they show, the language server is answering, so the
  // generated files' empty rows below mean "analysed, clean", not "not analysed yet".
  'probe/Dockerfile': 'FROM python:3.12-slim\nCMD python app.py\n',
};

export default {
  id: 4,
  title: 'Generate Dockerfile and Add GPU Ollama service produce files with zero findings',
  timeoutMs: 180_000,
  async run(t) {
    const ws = t.workspace('generators', { examples: false, files: FASTAPI_APP });
    const server = await t.server();
    const wb = await t.step('open a FastAPI project without Dockerfile or compose file', 60_000, () => t.openWorkbench(ws, server));
    await t.step('"AI Stack: Generate Dockerfile" writes Dockerfile and .dockerignore', 60_000, async () => {
      await wb.runCommand('AI Stack: Generate Dockerfile');
      await wb.acceptInput(/Port the app listens on/);
      await wb.screenshot('generate-dockerfile-preview');
      await wb.clickDialogButton('Write', 20_000);
      await waitFor('Dockerfile and .dockerignore on disk', () => existsSync(path.join(ws, 'Dockerfile')) && existsSync(path.join(ws, '.dockerignore')), { timeout: 15_000 });
      // The command opens the written file last: until its tab is active, a keystroke meant for the
      // next quick pick could land in the editor (seen on a busy machine). Wait on that UI state.
      await waitFor('the written Dockerfile as the active tab', async () => (await wb.page.locator('.tabs-container .tab.active[aria-label^="Dockerfile"]').count()) > 0, { timeout: 20_000 });
    });
    await t.step('"AI Stack: Add GPU Ollama service" creates compose.yaml', 60_000, async () => {
      await wb.runCommand('AI Stack: Add GPU Ollama service');
      await wb.pickQuickItem('"Create compose.yaml" in the compose file pick', (r) => /Create compose\.yaml/.test(r.label + r.aria), 15_000);
      await wb.acceptInput(/GPUs to reserve/);
      await wb.acceptInput(/Network the apps join/);
      await wb.pickQuickItem('"Create it with this project" in the network pick', (r) => /Create it with this project/.test(r.label + r.aria), 15_000);
      await waitFor('compose.yaml on disk', () => existsSync(path.join(ws, 'compose.yaml')), { timeout: 15_000 });
    });
    const cli = path.join(server.extensionDir, 'dist', 'cli.js');
    await t.step('the packaged CLI finds nothing in the generated files', 20_000, () => {
      const found = cliFindings(cli, ['Dockerfile', 'compose.yaml'], ws);
      if (found.length) throw new Error(`findings in generated files: ${found.map((f) => `${f.file}:${f.line} ${f.ruleId}`).join(', ')}`);
    });
    await t.step('the Problems panel shows none for them while the probe file has findings', 120_000, async () => {
      await wb.openFile('probe/Dockerfile');
      await waitFor('findings of probe/Dockerfile (the server answers)', async () => (await wb.problems()).some((p) => p.file === 'probe/Dockerfile'), { timeout: 30_000, interval: 1000 });
      // An empty list proves nothing until the server has checked the file. So each generated file gets
      // a line that must be reported, then the file is reverted: the finding showing up means the server
      // checks this very buffer, and the list after the revert is its verdict on the generated text.
      const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
      for (const [file, probe, code] of [['Dockerfile', 'RUN sudo true', 'dockerfile-no-sudo'], ['compose.yaml', 'probe: [', 'yaml-syntax']]) {
        await wb.openFile(file);
        await editor.click(); // the Problems panel had the focus: keys go to the editor
        await wb.page.keyboard.press('Control+End');
        await wb.page.keyboard.insertText(`\n${probe}`);
        await waitFor(`${code} for the probe line in ${file}`, async () => (await wb.problems()).some((p) => p.file === file && p.code === code), { timeout: 30_000, interval: 500 });
        // Revert, not undo: undo takes the typed line back word by word; revert is the file on disk.
        await wb.runCommand('File: Revert File');
        let shown = [];
        await waitFor(`no finding in ${file} once the probe line is reverted`, async () => (shown = (await wb.problems()).filter((p) => p.source === 'ai-stack' && p.file === file)).length === 0, { timeout: 30_000, interval: 500 }).catch(() => {
          throw new Error(`the Problems panel lists: ${shown.map((p) => `${p.file}:${p.line} ${p.code}`).join(', ')}`);
        });
        await waitFor(`${file} back to its saved text`, async () => (await wb.page.locator('.tabs-container .tab.dirty').count()) === 0, { timeout: 10_000 });
      }
    });
    await wb.screenshot('generated-compose');
  },
};
