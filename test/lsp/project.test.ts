import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefinitionRequest, DocumentSymbolRequest, HoverRequest, Hover, Location, DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { startPair } from '../support/lspPair';

const base = `services:
  api:
    image: ghcr.io/acme/api:1.4.2
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8000/health"]
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.11-alpine3.21
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1"]
`;
const override = `services:
  api:
    ports:
      - "8000:8000"
`;

function project() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-lsp-project-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), base);
  fs.writeFileSync(path.join(dir, 'compose.override.yaml'), override);
  return { dir, baseUri: pathToFileURL(path.join(dir, 'compose.yaml')).toString(), overrideUri: pathToFileURL(path.join(dir, 'compose.override.yaml')).toString() };
}

test('a port published only in the override is reported in the override; the base healthcheck counts for the set', async () => {
  const { baseUri, overrideUri } = project();
  const pair = await startPair();
  try {
    const o = await pair.open(overrideUri, override);
    const port = o.diagnostics.find((d) => d.code === 'port-host-ip-required');
    assert.ok(port, 'override port reported');
    assert.equal(port.range.start.line, 3);
    assert.equal(o.diagnostics.filter((d) => d.code === 'healthcheck-required').length, 0, 'healthcheck comes from the base file');
    const b = await pair.open(baseUri, base);
    assert.equal(b.diagnostics.filter((d) => d.code === 'port-host-ip-required').length, 0, 'the base file has no port of its own');
  } finally {
    pair.dispose();
  }
});

test('editing one member re-checks the other member of the set', async () => {
  const { baseUri, overrideUri } = project();
  const pair = await startPair();
  try {
    await pair.open(baseUri, base);
    await pair.open(overrideUri, override);
    // Removing the base healthcheck of api must surface in the base file's diagnostics.
    const withoutHealth = base.replace(/    healthcheck:\n      test: \["CMD", "wget".*\n/, '');
    const b = await pair.change(baseUri, 2, withoutHealth);
    assert.ok(b.diagnostics.some((d) => d.code === 'healthcheck-required'));
    // and an edit in the override re-publishes the base file's diagnostics too
    const again = pair.nextDiagnostics(baseUri);
    await pair.change(overrideUri, 2, override.replace('"8000:8000"', '"127.0.0.1:8000:8000"'));
    await again;
  } finally {
    pair.dispose();
  }
});

test('hover shows the effective value and where it comes from; definition and outline work', async () => {
  const { baseUri, overrideUri } = project();
  const pair = await startPair();
  try {
    await pair.open(baseUri, base);
    await pair.open(overrideUri, override);
    const hover = (await pair.client.sendRequest(HoverRequest.type, { textDocument: { uri: baseUri }, position: { line: 1, character: 3 } })) as Hover | null;
    assert.ok(hover, 'hover on the service key');
    assert.match((hover.contents as { value: string }).value, /compose\.override\.yaml/);
    const defs = (await pair.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: baseUri }, position: { line: 6, character: 7 } })) as Location[];
    assert.equal(defs[0]?.range.start.line, 8, 'depends_on db → the db service key');
    const symbols = (await pair.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: baseUri } })) as DocumentSymbol[];
    const names = JSON.stringify(symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]));
    assert.match(names, /api/);
    assert.match(names, /db/);
  } finally {
    pair.dispose();
  }
});
