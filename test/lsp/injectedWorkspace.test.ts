/**
 * Issue 16.6: the project workspace is built once and passed into the server. A workspace injected
 * with its own file reader is the one every LSP method uses: diagnostics, hover and definition all
 * see a member of the set that exists only for that reader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DefinitionRequest, DidOpenTextDocumentNotification, Location } from 'vscode-languageserver-protocol/node';
import { ProjectWorkspace } from '../../server/src/engine/analyze/workspace';
import { cachedDiskReader } from '../../server/src/lsp/diskReader';
import { URI } from '../../server/src/lsp/uri';
import { WorkspacePair } from './workspacePair';

test('the injected project workspace (and its reader) serves diagnostics and navigation', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-inject-')));
  const base = path.join(dir, 'compose.yaml');
  const override = path.join(dir, 'compose.override.yaml');
  const baseText = 'services:\n  api:\n    image: ghcr.io/acme/api:1.2.3\n    depends_on:\n      - db\n';
  // The override exists only for the injected reader: it adds the db service and runs api privileged.
  const virtualOverride = 'services:\n  api:\n    privileged: true\n  db:\n    image: postgres:16.4\n';
  fs.writeFileSync(base, baseText);
  const documents = new TextDocuments(TextDocument);
  const fromDisk = cachedDiskReader();
  const reads: string[] = [];
  const workspace = new ProjectWorkspace((p) => {
    reads.push(p);
    if (p === override) return virtualOverride;
    return documents.get(URI.fromPath(p))?.getText() ?? fromDisk(p);
  });
  const pair = await WorkspacePair.start(dir, { aiStack: { diagnostics: { scope: 'openFiles' } } }, { documents, fromDisk, workspace });
  try {
    assert.equal(pair.server.workspace, workspace);
    const uri = pair.uri(base);
    await pair.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockercompose', version: 1, text: baseText } });
    const published = await pair.publishFor(base, 0, (p) => p.version === 1);
    assert.ok(reads.includes(override), 'the server read the set through the injected reader');
    // depends_on: db resolves (db is defined in the virtual override), so no unknown-service finding names it.
    assert.ok(!published.diagnostics.some((d) => /\bdb\b/.test(d.message) && /not defined|unknown|no service/i.test(d.message)), published.diagnostics.map((d) => d.message).join('\n'));
    const definition = (await pair.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 4, character: 9 } })) as Location[];
    assert.ok(definition.some((l) => l.uri === pair.uri(override)), `definition of db: ${JSON.stringify(definition)}`);
  } finally {
    pair.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
