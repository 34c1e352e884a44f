#!/usr/bin/env node
// End-to-end tests in a real VS Code: installs the packaged ai-stack.vsix into a fresh VS Code
// server (from the code-server npm package, see scripts/e2e-setup.sh), opens workspaces in
// headless Chromium via playwright-core and asserts through the UI. Each scenario runs in its own
// workspace and browser context, so a missing feature fails its own scenario only.
//
// Usage: node test/e2e/run.mjs [--only 1,3] [--vsix path] [--keep] [--docs-images]
//   (npm run test:e2e packages first; --docs-images copies the README's screenshots to docs/images/)
// Screenshots: test-results/e2e/*.png; metrics: test-results/e2e/results.json.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './lib/vscodeServer.mjs';
import { CHROMIUM_ARGS, Workbench } from './lib/workbench.mjs';
import { makeWorkspace, REPO } from './lib/support.mjs';
import { scenarios } from './scenarios/index.mjs';

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = arg('--only')?.split(',').map((s) => s.trim());
const keep = args.includes('--keep');
const vsix = path.resolve(arg('--vsix') ?? path.join(REPO, 'ai-stack.vsix'));
const resultsDir = path.join(REPO, 'test-results', 'e2e');
// Seventeen scenarios, several with real Docker stacks (15 and 16: a local three-node swarm); under background CPU load a run takes well over 10 minutes.
const TOTAL_BUDGET_MS = 30 * 60_000;
/** Screenshots the README shows: test-results/e2e name → docs/images name. */
const DOCS_IMAGES = {
  '1-problems.png': 'problems.png',
  '2-quick-fix-menu.png': 'quick-fix.png',
  '3-containers-unhealthy.png': 'containers.png',
  '5-smoke-task.png': 'smoke-task.png',
  '6-restricted-task.png': 'restricted-mode.png',
  '8-walkthrough.png': 'walkthrough.png',
};
const started = Date.now();

function log(msg) {
  process.stdout.write(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });
  const setup = spawnSync('bash', [path.join(REPO, 'scripts', 'e2e-setup.sh')], { encoding: 'utf8', timeout: 15 * 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  process.stdout.write(setup.stdout);
  if (setup.status !== 0) return fatal(`scripts/e2e-setup.sh failed (exit ${setup.status}):\n${setup.stderr}`);
  if (!existsSync(vsix)) return fatal(`${vsix} not found: run npm run package (npm run test:e2e does)`);
  const metrics = { vsixBytes: statSync(vsix).size, vsix: path.relative(REPO, vsix) };
  log(`vsix ${metrics.vsix}: ${(metrics.vsixBytes / 1024).toFixed(0)} KiB`);

  const tmpRoot = path.join(os.tmpdir(), `ai-stack-e2e-${process.pid}`);
  mkdirSync(tmpRoot, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const servers = [];
  let shared;
  const results = [];
  try {
    for (const scenario of scenarios) {
      if (only && !only.includes(String(scenario.id))) continue;
      const name = `${scenario.id}) ${scenario.title}`;
      const left = TOTAL_BUDGET_MS - (Date.now() - started);
      if (left < 15_000) {
        results.push({ name, ok: false, error: `not run: the ${TOTAL_BUDGET_MS / 60_000}-minute E2E budget is used up` });
        continue;
      }
      log(`▶ ${name}`);
      const cleanups = [];
      const workbenches = [];
      const t = {
        browser,
        vsix,
        metrics,
        tmpRoot,
        resultsDir,
        log: (m) => log(`  ${m}`),
        cleanup: (fn) => cleanups.push(fn),
        workspace: (wsName, opts) => makeWorkspace(tmpRoot, wsName, opts),
        /** The trusted server shared by scenarios (started on first use). */
        async server() {
          if (!shared) {
            shared = await startServer({ vsix, root: tmpRoot });
            servers.push(shared);
            t.log(`VS Code server on ${shared.url} (${shared.extensionDir})`);
          }
          return shared;
        },
        async startServer(opts) {
          const s = await startServer({ vsix, root: tmpRoot, ...opts });
          servers.push(s);
          return s;
        },
        async openWorkbench(folder, server) {
          const s = server ?? (await t.server());
          const wb = await Workbench.open(browser, s.folderUrl(folder), { shotsDir: resultsDir, prefix: `${scenario.id}` });
          workbenches.push(wb);
          return wb;
        },
        /** A named step with its own time limit; a timeout names the scenario and the step. */
        async step(stepName, ms, fn) {
          const t0 = Date.now();
          try {
            const value = await withTimeout(Promise.resolve().then(fn), ms, `step "${stepName}" timed out after ${ms / 1000} s`);
            t.log(`✔ ${stepName} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
            return value;
          } catch (e) {
            t.log(`✖ ${stepName}: ${e.message.split('\n')[0]}`);
            throw Object.assign(new Error(`${stepName}: ${e.message}`), { cause: e });
          }
        },
      };
      const t0 = Date.now();
      try {
        await withTimeout(scenario.run(t), Math.min(scenario.timeoutMs, left), `scenario timed out after ${Math.round(Math.min(scenario.timeoutMs, left) / 1000)} s`);
        results.push({ name, ok: true, seconds: (Date.now() - t0) / 1000 });
        log(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        for (const wb of workbenches) await wb.screenshot('failure').catch(() => {});
        results.push({ name, ok: false, error: e.message, seconds: (Date.now() - t0) / 1000 });
        log(`✖ ${name}: ${e.message}`);
        for (const wb of workbenches) if (wb.consoleErrors.length) log(`  browser console errors (last 5):\n    ${wb.consoleErrors.slice(-5).join('\n    ')}`);
      } finally {
        for (const wb of workbenches) await wb.close();
        for (const fn of cleanups.reverse()) await Promise.resolve().then(fn).catch((e) => log(`  cleanup: ${e.message}`));
      }
    }
  } finally {
    await browser.close().catch(() => {});
    for (const s of servers) await s.stop();
    if (!keep) rmSync(tmpRoot, { recursive: true, force: true });
    else log(`kept ${tmpRoot}`);
  }

  metrics.totalSeconds = (Date.now() - started) / 1000;
  writeFileSync(path.join(resultsDir, 'results.json'), JSON.stringify({ date: new Date().toISOString(), results, metrics }, null, 2));
  if (args.includes('--docs-images')) {
    const dir = path.join(REPO, 'docs', 'images');
    mkdirSync(dir, { recursive: true });
    for (const [from, to] of Object.entries(DOCS_IMAGES)) {
      if (existsSync(path.join(resultsDir, from))) copyFileSync(path.join(resultsDir, from), path.join(dir, to));
    }
    log(`copied the README screenshots to docs/images/`);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  process.stdout.write('\nE2E results:\n');
  for (const r of results) process.stdout.write(`  ${r.ok ? '✔' : '✖'} ${r.name}${r.ok ? '' : `\n      ${r.error.split('\n').join('\n      ')}`}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

function fatal(message) {
  process.stderr.write(`e2e: ${message}\n0 passed, 1 failed\n`);
  return 1;
}

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130)); // 'exit' stops the servers

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`e2e: ${e.stack ?? e}\n0 passed, 1 failed\n`);
    process.exit(1);
  },
);
