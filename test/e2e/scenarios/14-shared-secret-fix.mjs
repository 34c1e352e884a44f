// 14) Issue 12.8: a password written once in an anchor (used by api and worker) is one finding where it
// is written; its lightbulb offers one fix with one name, the db service's POSTGRES_PASSWORD, never
// API_PASSWORD / WORKER_PASSWORD. The fix keeps comments, the file parses, the finding goes away.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { waitFor } from '../lib/workbench.mjs';

const SECRET = 'supersecret';
const COMPOSE = `x-app: &app
  image: ghcr.io/acme/app:1.2.3
  environment:
    DATABASE_URL: postgresql://app:${SECRET}@db:5432/app # shared by api and worker
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}
  api:
    <<: *app
  worker:
    <<: *app
`;
const RULE = 'no-hardcoded-secrets';
const FIX = 'Read POSTGRES_PASSWORD from the environment';

export default {
  id: 14,
  title: 'Anchored DATABASE_URL: one finding, one fix with the shared name POSTGRES_PASSWORD',
  timeoutMs: 240_000,
  async run(t) {
    const ws = t.workspace('shared-secret', { examples: false, files: { 'compose.yaml': COMPOSE } });
    const file = path.join(ws, 'compose.yaml');
    const line = COMPOSE.split('\n').findIndex((l) => l.includes('DATABASE_URL')) + 1;
    const column = COMPOSE.split('\n')[line - 1].indexOf(SECRET) + 1;
    const wb = await t.step('open compose.yaml', 60_000, async () => {
      const w = await t.openWorkbench(ws);
      await w.openFile('compose.yaml');
      return w;
    });
    await t.step(`one ${RULE} finding, on the anchor's line ${line}`, 95_000, () =>
      waitFor(
        `exactly one ${RULE} row, at line ${line}`,
        async () => {
          const rows = (await wb.problems()).filter((p) => p.code === RULE && p.file === 'compose.yaml');
          return rows.length === 1 && rows[0].line === line && /In "api" and "worker"/.test(rows[0].message) && !rows[0].message.includes(SECRET);
        },
        { timeout: 90_000, interval: 1000 },
      ),
    );
    await t.step('the lightbulb there offers one fix, named POSTGRES_PASSWORD', 40_000, async () => {
      const entries = await wb.quickFixMenu(line, column, (rows) => rows.some((r) => r.includes(FIX)));
      const secretFixes = entries.filter((r) => /^Read \S+ from the environment/.test(r));
      if (secretFixes.length !== 1 || /API_PASSWORD|WORKER_PASSWORD/.test(entries.join('\n'))) throw new Error(`expected one "${FIX}", the menu shows: ${entries.join(' | ')}`);
      await wb.screenshot('shared-secret-fix-menu');
      await wb.applyQuickFix(line, column, FIX);
    });
    await t.step('the saved file reads POSTGRES_PASSWORD in the anchor, keeps its comment and parses', 20_000, async () => {
      await wb.save();
      const text = readFileSync(file, 'utf8');
      const doc = parse(text, { merge: true });
      const url = 'postgresql://app:${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}@db:5432/app';
      if (doc.services.api.environment.DATABASE_URL !== url || doc.services.worker.environment.DATABASE_URL !== url) throw new Error(`unexpected file:\n${text}`);
      if (text.includes(SECRET) || !text.includes('# shared by api and worker')) throw new Error(`secret left or comment lost:\n${text}`);
    });
    await t.step(`no ${RULE} finding is left`, 30_000, () =>
      waitFor(`no ${RULE} row`, async () => !(await wb.problems()).some((p) => p.code === RULE), { timeout: 28_000, interval: 1000 }),
    );
  },
};
