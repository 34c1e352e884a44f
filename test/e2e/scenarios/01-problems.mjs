// 1) The Problems panel lists the ai-stack findings of the example compose file and Dockerfile:
// exactly what the packaged CLI reports for the same files (rule and line), and at least the
// findings the example was written to show.
import path from 'node:path';
import { waitFor } from '../lib/workbench.mjs';
import { cliFindings } from '../lib/support.mjs';

const FILES = ['compose.yaml', 'api/Dockerfile'];
/** The mistakes examples/README.md promises; guards against the CLI and the editor both going quiet. */
const MUST_SHOW = [
  ['compose.yaml', 'no-hardcoded-secrets'],
  ['compose.yaml', 'port-no-wildcard-bind'],
  ['compose.yaml', 'healthcheck-required'],
  ['compose.yaml', 'depends-on-healthy'],
  ['api/Dockerfile', 'dockerfile-user-non-root'],
  ['api/Dockerfile', 'dockerfile-exec-form'],
];

export const key = (f) => `${f.file}:${f.line} ${f.code ?? f.ruleId}`;

export function diffFindings(expected, actual) {
  const count = (list) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map());
  const e = count(expected.map(key));
  const a = count(actual.map(key));
  const missing = [...e].filter(([k, n]) => (a.get(k) ?? 0) < n).map(([k]) => k);
  const extra = [...a].filter(([k, n]) => (e.get(k) ?? 0) < n).map(([k]) => k);
  return { missing, extra };
}

export default {
  id: 1,
  title: 'Problems panel lists the ai-stack findings of the example',
  timeoutMs: 180_000,
  async run(t) {
    const ws = t.workspace('problems');
    const server = await t.server();
    const cli = path.join(server.extensionDir, 'dist', 'cli.js');
    const expected = await t.step('packaged CLI reports the example findings', 30_000, () => {
      // VS Code shows hints as dots under the text, never in the Problems panel.
      const found = cliFindings(cli, FILES, ws).filter((f) => f.severity !== 'hint');
      for (const [file, rule] of MUST_SHOW) if (!found.some((f) => f.file === file && f.ruleId === rule)) throw new Error(`the CLI does not report ${rule} in ${file}`);
      return found;
    });
    const wb = await t.step('open the example in VS Code', 60_000, () => t.openWorkbench(ws, server));
    await t.step('open compose.yaml and api/Dockerfile', 30_000, async () => {
      for (const f of FILES) await wb.openFile(f);
    });
    let last = [];
    // Generous bound: under load the first diagnostics wait for the server's background workspace scan.
    await t.step(`Problems panel shows the ${expected.length} findings`, 95_000, () =>
      waitFor(
        'the Problems panel to match the CLI',
        async () => {
          last = (await wb.problems()).filter((p) => p.source === 'ai-stack' && FILES.includes(p.file));
          const d = diffFindings(expected, last);
          return d.missing.length === 0 && d.extra.length === 0;
        },
        { timeout: 90_000, interval: 1000 },
      ).catch((e) => {
        const d = diffFindings(expected, last);
        throw new Error(`${e.message}\n  shown ${last.length}, expected ${expected.length}\n  missing: ${d.missing.slice(0, 15).join(', ') || '-'}\n  unexpected: ${d.extra.slice(0, 15).join(', ') || '-'}`);
      }),
    );
    await t.step('severities and messages match', 5_000, () => {
      for (const f of expected) {
        const shown = last.find((p) => p.file === f.file && p.line === f.line && p.code === f.ruleId && p.message === f.message);
        if (!shown) throw new Error(`no row with the CLI's message for ${key(f)}: "${f.message}"`);
        if (shown.severity !== f.severity) throw new Error(`${key(f)} is shown as ${shown.severity}, the CLI says ${f.severity}`);
      }
    });
    await wb.page.keyboard.press('Escape');
    await wb.openFile('compose.yaml');
    await wb.screenshot('problems');
    await t.step('activation time from "Developer: Show Running Extensions"', 30_000, async () => {
      await wb.runCommand('Developer: Show Running Extensions');
      const row = await waitFor('the AI Stack row with its activation time', async () => {
        const rows = await wb.page.locator('.runtime-extensions-editor .monaco-list-row').allInnerTexts();
        return rows.map((r) => r.replace(/\n/g, ' ')).find((r) => /AI Stack/.test(r) && /Activation: \d+ms/.test(r));
      });
      t.metrics.activation = row.match(/(Startup )?Activation: \d+ms/)[0];
      t.metrics.activationMs = Number(row.match(/Activation: (\d+)ms/)[1]);
      t.log(`AI Stack: ${t.metrics.activation}`);
    });
  },
};
