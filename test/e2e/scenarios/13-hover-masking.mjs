// 13) Issue 12.3: hovers never show a secret. The hover over a service (its effective values) and over
// the DATABASE_URL line masks the password inside the URL, as it masks POSTGRES_PASSWORD.
import { waitFor } from '../lib/workbench.mjs';

const SECRET = 'supersecret';
const COMPOSE = `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: ${SECRET}
  api:
    image: ghcr.io/acme/api:1.2.3
    environment:
      DATABASE_URL: postgresql://app:${SECRET}@db:5432/app
      LOG_LEVEL: info
`;

export default {
  id: 13,
  title: 'Hovers mask secrets: no password from DATABASE_URL or POSTGRES_PASSWORD',
  timeoutMs: 200_000,
  async run(t) {
    const ws = t.workspace('hover', { examples: false, files: { 'compose.yaml': COMPOSE } });
    const wb = await t.step('open compose.yaml', 60_000, async () => {
      const w = await t.openWorkbench(ws);
      await w.openFile('compose.yaml');
      return w;
    });
    // Findings in Problems mean the language server has analysed the file (the hover comes from it).
    await t.step('the language server has analysed the file', 95_000, () =>
      waitFor('ai-stack findings of compose.yaml', async () => (await wb.problems()).some((p) => p.source === 'ai-stack' && p.file === 'compose.yaml'), { timeout: 90_000, interval: 1000 }),
    );
    const lines = COMPOSE.split('\n');
    const at = (re) => lines.findIndex((l) => re.test(l)) + 1;
    for (const [what, line, column, expect] of [
      ['the api service key', at(/^ {2}api:/), 3, /DATABASE_URL/],
      ['the DATABASE_URL value', at(/DATABASE_URL:/), 27, /DATABASE_URL|no-hardcoded-secrets/],
      ['the db service key', at(/^ {2}db:/), 3, /POSTGRES_PASSWORD/],
    ]) {
      await t.step(`hover over ${what} shows it without the secret`, 40_000, async () => {
        const text = await wb.hoverAt(line, column, (s) => expect.test(s));
        if (text.includes(SECRET)) throw new Error(`the hover over ${what} shows the secret:\n${text}`);
        t.log(`hover: ${text.split('\n').filter((l) => /DATABASE_URL|POSTGRES_PASSWORD/.test(l)).slice(0, 2).join(' / ')}`);
      });
    }
    await wb.screenshot('hover-masked');
  },
};
