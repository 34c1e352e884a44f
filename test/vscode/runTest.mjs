#!/usr/bin/env node
// Runs the in-editor mocha suite (test/vscode/suite) in a downloaded VS Code with
// @vscode/test-electron (needs internet to download VS Code once). `npm run test:vscode` builds first.
// On this machine, without internet, test/e2e/run.mjs runs the same bundle in the VS Code server.
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite, REPO } from './bundle.mjs';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'ai-stack-vscode-'));
cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
const extensionTestsPath = await bundleSuite(path.join(REPO, 'out', 'vscode-suite'));
try {
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  console.log('1 passed, 0 failed');
} catch (e) {
  console.error(`in-editor suite failed: ${e.message ?? e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
