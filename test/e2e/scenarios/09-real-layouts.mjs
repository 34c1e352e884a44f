// 9) Generators in a real layout: the app lives in api/ (not the workspace root), two compose
// projects live in their own folders. "Generate Dockerfile" offers the app folders to pick from and
// leaves no dirty untitled preview behind; ".env.example" gets one file beside each compose project.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';

const FILES = {
  'api/requirements.txt': 'fastapi==0.115.6\nuvicorn==0.34.0\n',
  'api/app/__init__.py': '',
  'api/app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js' }, dependencies: {} }, null, 2),
  'web/server.js': 'require("http").createServer((q, s) => s.end("ok")).listen(3000);\n',
  'stack/compose.yaml': 'services:\n  api:\n    image: ai-stack-example/api:1.0.0\n    environment:\n      DATABASE_URL: ${DATABASE_URL:?set it}\n',
  'tools/compose.yaml': 'services:\n  job:\n    image: ai-stack-example/job:1.0.0\n    environment:\n      TOOL_TOKEN: ${TOOL_TOKEN}\n',
};

export default {
  id: 9,
  title: 'Generators in a real layout: app folder picked, preview closed, one .env.example per compose project',
  timeoutMs: 180_000,
  async run(t) {
    const ws = t.workspace('layouts', { examples: false, files: FILES });
    const server = await t.server();
    const wb = await t.step('open a workspace whose app is in api/ and web/', 60_000, () => t.openWorkbench(ws, server));
    await t.step('"Generate Dockerfile" offers api and web; api/Dockerfile is written', 90_000, async () => {
      await wb.runCommand('AI Stack: Generate Dockerfile');
      await wb.pickQuickItem('"api" among the app folders', (r) => r.label.trim() === 'api', 20_000);
      await wb.acceptInput(/Port the app listens on/);
      await wb.clickDialogButton('Write', 20_000);
      await waitFor('api/Dockerfile on disk', () => existsSync(path.join(ws, 'api', 'Dockerfile')), { timeout: 15_000 });
      if (existsSync(path.join(ws, 'Dockerfile'))) throw new Error('a Dockerfile was written at the workspace root');
      // The written file opens in the editor: that tab, not a dirty preview, is what is left.
      await waitFor('the written Dockerfile as the active tab', async () => (await wb.page.locator('.tabs-container .tab.active[aria-label^="Dockerfile"]').count()) > 0, { timeout: 15_000 });
      await waitFor('no dirty or untitled editor left', async () => (await wb.page.locator('.tabs-container .tab.dirty, .tabs-container .tab[aria-label^="Untitled"]').count()) === 0, { timeout: 10_000 });
    });
    await t.step('"Generate .env.example" writes one beside each compose project', 60_000, async () => {
      await wb.runCommand('AI Stack: Generate .env.example');
      await wb.pickQuickItem('the compose projects (all picked)', (r) => /stack/.test(r.label), 20_000);
      await waitFor('stack/.env.example and tools/.env.example', () => existsSync(path.join(ws, 'stack', '.env.example')) && existsSync(path.join(ws, 'tools', '.env.example')), { timeout: 15_000 });
      if (existsSync(path.join(ws, '.env.example'))) throw new Error('a merged .env.example was written at the root');
      const stack = readFileSync(path.join(ws, 'stack', '.env.example'), 'utf8');
      const tools = readFileSync(path.join(ws, 'tools', '.env.example'), 'utf8');
      if (!/DATABASE_URL/.test(stack) || /TOOL_TOKEN/.test(stack)) throw new Error(`stack/.env.example lists the wrong variables:\n${stack}`);
      if (!/TOOL_TOKEN/.test(tools) || /DATABASE_URL/.test(tools)) throw new Error(`tools/.env.example lists the wrong variables:\n${tools}`);
    });
  },
};
