/** The Dockerfile a service builds is a dependency of its project: changing it re-checks the compose file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { startPair } from '../support/lspPair';

const compose = 'services:\n  api:\n    build: .\n';
const rootDockerfile = 'FROM node:22.12.0-slim\nCMD ["node", "server.js"]\n';

test('a Dockerfile changed on disk or edited in the editor re-checks the compose file that builds it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-lsp-build-'));
  const dockerfile = path.join(dir, 'Dockerfile');
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  fs.writeFileSync(dockerfile, rootDockerfile);
  const composeUri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
  const dockerfileUri = pathToFileURL(dockerfile).toString();
  const rules = (d: { diagnostics: { code?: unknown }[] }) => d.diagnostics.map((x) => x.code).filter((c) => c === 'non-root-user' || c === 'healthcheck-required');
  const pair = await startPair();
  try {
    const first = await pair.open(composeUri, compose);
    assert.deepEqual(rules(first).sort(), ['healthcheck-required', 'non-root-user']);
    // On disk: the client's watcher reports the change.
    fs.writeFileSync(dockerfile, 'FROM node:22.12.0-slim\nUSER node\nCMD ["node", "server.js"]\n');
    let next = pair.nextDiagnostics(composeUri);
    await pair.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: dockerfileUri, type: FileChangeType.Changed }] });
    assert.deepEqual(rules(await next), ['healthcheck-required']);
    // In the editor: the open Dockerfile's text wins over the disk.
    await pair.open(dockerfileUri, 'FROM node:22.12.0-slim\nUSER node\nCMD ["node", "server.js"]\n', 'dockerfile');
    next = pair.nextDiagnostics(composeUri);
    await pair.change(dockerfileUri, 2, 'FROM node:22.12.0-slim\nUSER node\nHEALTHCHECK CMD node -e "process.exit(0)"\nCMD ["node", "server.js"]\n');
    assert.deepEqual(rules(await next), []);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
