/**
 * A closed document leaves nothing behind: its analysis, fix-all result, parse (the incremental
 * re-parse base), projects and disk texts go, so opening and closing big files does not grow the
 * heap (it grew ~40 MB per MB of text opened and closed). A closed file still in an open file's set
 * is read again from disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CodeActionRequest, DidCloseTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { editCompose, generateCompose } from '../../bench/generate';
import { startPair, Pair } from '../support/lspPair';

const MB = 1024 * 1024;

/** What the server keeps per document or file (private fields, read for the test). */
function retained(pair: Pair): Record<string, number> {
  const s = pair.server as unknown as {
    results: Map<string, unknown>;
    fromDisk: { size: number };
    workspace: { projects: Map<string, unknown>; sources: Map<string, unknown> };
  };
  return {
    documents: pair.server.documents.all().length,
    results: s.results.size,
    fixAllResults: pair.server.codeActions.fixAllResults.size,
    timers: pair.server.diagnostics.timers.size,
    diskTexts: s.fromDisk.size,
    projects: s.workspace.projects.size,
    parses: s.workspace.sources.size,
  };
}

/** Closes a document and waits for the server to clear its diagnostics (a publish without a version). */
async function close(pair: Pair, uri: string): Promise<void> {
  const seen = pair.published.length;
  await pair.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  const cleared = () => pair.published.slice(seen).some((p) => p.uri === uri && p.version === undefined && p.diagnostics.length === 0);
  for (const deadline = Date.now() + 20_000; !cleared(); ) {
    assert.ok(Date.now() < deadline, `diagnostics of ${uri} cleared on close`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** ~`bytes` of compose text: the generated stack, a name of its own, and a merge-key anchor with secrets every third file. */
function composeText(i: number, bytes: number): string {
  let text = generateCompose(Math.max(5, Math.round(bytes / 365))).replace(/^name: bench$/m, `name: stack-${i}`);
  if (i % 3 === 0) {
    text = text.replace('services:\n', `x-secrets-${i}: &secrets\n  environment:\n    POSTGRES_PASSWORD: pw-${i}-hunter2hunter2\n    LANGFUSE_SALT: salt-${i}-saltsaltsalt\n\nservices:\n  inherits-${i}:\n    <<: *secrets\n    image: ghcr.io/acme/app:${i}.0.1\n`);
  }
  return text;
}

function dockerfileText(i: number, bytes: number): string {
  const lines = ['FROM python:latest', 'USER root'];
  for (let k = 0; lines.join('\n').length < bytes; k++) lines.push(`RUN apt-get update && apt-get install -y pkg-${i}-${k} && curl -fsSL https://example.com/${k}.sh | sh`, `ADD files/${k}.tar.gz /opt/${k}/`);
  return lines.join('\n') + '\nCMD python app.py\n';
}

test('opening and closing 50 big documents (200 KB–1 MB) returns the heap to where it started', { timeout: 900_000 }, async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const pair = await startPair();
  try {
    // Warm up (code loaded and compiled, schema validators built) with the same kinds of work.
    const warm = 'file:///tmp/aistack-release/warm/compose.yaml';
    await pair.open(warm, composeText(0, 300_000));
    await pair.change(warm, 2, editCompose(composeText(0, 300_000), 1));
    await close(pair, warm);
    pair.published.length = 0;
    const start = heap();
    const began = Date.now();
    let opened = 0;
    let over = 0;
    for (let i = 0; i < 50; i++) {
      // 200–400 KB, every ninth 1 MB (kept to what a loaded CI machine checks in a few minutes).
      const bytes = i % 9 === 8 ? 1_000_000 : 200_000 + ((i * 7) % 5) * 50_000;
      const dir = `/tmp/aistack-release/doc-${i}`;
      const docs: { uri: string; text: string; languageId: string }[] = [];
      if (i % 10 === 4) docs.push({ uri: `file://${dir}/Dockerfile.${i}`, text: dockerfileText(i, 200_000), languageId: 'dockerfile' });
      else if (i % 10 === 7) {
        // A set of two open members: base and override.
        docs.push({ uri: `file://${dir}/compose.yaml`, text: composeText(i, bytes / 2), languageId: 'dockercompose' });
        docs.push({ uri: `file://${dir}/compose.override.yaml`, text: `services:\n  api-2:\n    ports:\n      - "8080:8000"\n    privileged: true\n`, languageId: 'dockercompose' });
      } else {
        const name = ['compose.yaml', 'docker-compose.yml', `stack-${i}.yml`][i % 3];
        docs.push({ uri: `file://${dir}/${name}`, text: composeText(i, bytes), languageId: 'dockercompose' });
      }
      for (const d of docs) {
        const { diagnostics } = await pair.open(d.uri, d.text, d.languageId);
        assert.ok(diagnostics.length > 0, `findings in ${d.uri}`);
        opened += d.text.length;
        // The lightbulb (and its lazily resolved Fix all action), and an edit through the incremental re-parse now and then.
        await pair.client.sendRequest(CodeActionRequest.type, { textDocument: { uri: d.uri }, range: diagnostics[0].range, context: { diagnostics: diagnostics.slice(0, 1) } });
        if (i % 5 === 0 && d.languageId === 'dockercompose') await pair.change(d.uri, 2, editCompose(d.text, i));
      }
      for (const d of docs) await close(pair, d.uri);
      pair.published.length = 0;
      const grown = (heap() - start) / MB;
      if (process.env.AI_STACK_TEST_VERBOSE) console.log(`doc ${i}: ${(bytes / MB).toFixed(2)} MB, heap +${grown.toFixed(1)} MB, ${((Date.now() - began) / 1000).toFixed(0)} s`);
      // A leak grows with every document; V8's compiled code and caches can rise for a document or two
      // on a loaded machine and fall again (a snapshot of such a rise held no document: code and strings).
      over = grown < 30 ? 0 : over + 1;
      assert.ok(over < 3, `after ${i + 1} documents (${(opened / MB).toFixed(1)} MB opened and closed) the heap had grown by 30 MB or more for three documents in a row (${grown.toFixed(1)} MB)`);
    }
    const grown = (heap() - start) / MB;
    assert.ok(grown < 30, `after all documents (${(opened / MB).toFixed(1)} MB opened and closed) the heap grew by ${grown.toFixed(1)} MB`);
    assert.ok(opened > 12 * MB, `${(opened / MB).toFixed(1)} MB opened`);
    assert.deepEqual(retained(pair), { documents: 0, results: 0, fixAllResults: 0, timers: 0, diskTexts: 0, projects: 0, parses: 0 });
  } finally {
    pair.dispose();
  }
});

test('closing a member of an open set: the other member is re-checked with the disk text, and the open text is let go', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-release-'));
  const base = `services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n`;
  const override = `services:\n  api:\n    healthcheck:\n      test: ["CMD", "true"]\n`;
  fs.writeFileSync(path.join(dir, 'compose.yaml'), base);
  fs.writeFileSync(path.join(dir, 'compose.override.yaml'), override);
  const baseUri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
  const overrideUri = pathToFileURL(path.join(dir, 'compose.override.yaml')).toString();
  const pair = await startPair();
  try {
    const first = await pair.open(baseUri, base);
    assert.equal(first.diagnostics.filter((d) => d.code === 'healthcheck-required').length, 0, 'the override on disk adds the healthcheck');
    // Unsaved text in the open override has no healthcheck: the base is judged with it...
    const rechecked = pair.nextDiagnostics(baseUri);
    await pair.open(overrideUri, `services:\n  api:\n    read_only: true\n`);
    assert.equal((await rechecked).diagnostics.filter((d) => d.code === 'healthcheck-required').length, 1);
    // ...and closed without saving, the disk text applies again.
    const again = pair.nextDiagnostics(baseUri);
    await close(pair, overrideUri);
    assert.equal((await again).diagnostics.filter((d) => d.code === 'healthcheck-required').length, 0);
    const kept = retained(pair);
    assert.equal(kept.documents, 1);
    assert.equal(kept.projects, 1);
    assert.equal(kept.parses, 2, 'the base (open) and the override (from disk)');
    const sources = (pair.server.workspace as unknown as { sources: Map<string, { text: string }> }).sources;
    assert.equal(sources.get(path.join(dir, 'compose.override.yaml'))?.text, override, 'the override is the disk text');
    await close(pair, baseUri);
    assert.deepEqual(retained(pair), { documents: 0, results: 0, fixAllResults: 0, timers: 0, diskTexts: 0, projects: 0, parses: 0 });
  } finally {
    pair.dispose();
  }
});
