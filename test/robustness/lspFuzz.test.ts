/**
 * Issue 10 ("safe on any input"): the real language server (`dist/server.js --stdio`, built by
 * `npm run build`) over real LSP, fed mutated real compose files and Dockerfiles from the
 * third-party corpus (test/robustness/lspFuzz.ts). A fixed seed and a bounded number of cases here;
 * `npm run fuzz:lsp` runs thousands with a random seed. A failing case is written to
 * /tmp/ai-stack-fuzz-failures/<seed>-<case>/ (replay: AI_STACK_FUZZ_SEED=<seed> AI_STACK_FUZZ_ONLY=<case> npm run fuzz:lsp).
 *
 * The second test shows the checks can fail: small hostile servers (one answers hover with an
 * error, one publishes a diagnostic outside the document, one exits on the second file opened, one
 * never publishes, one gives a symbol whose selection lies outside it) must each be reported under
 * the right check.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SERVER, REPO_ROOT, runLspFuzz, summaryLine } from './lspFuzz';

const SEED = 20261130;
const CASES = 120;

test('the language server survives mutated real files over LSP (fixed seed)', async () => {
  assert.ok(fs.existsSync(DEFAULT_SERVER), `${DEFAULT_SERVER} is missing: run npm run build`);
  const failures: string[] = [];
  const summary = await runLspFuzz({ seed: SEED, cases: CASES, log: (line) => failures.push(line) });
  console.log(summaryLine(summary));
  assert.equal(summary.cases, CASES);
  assert.ok(summary.versions > CASES && summary.fixesChecked > 0, 'the run reached edits and quick fixes');
  assert.deepEqual(failures.filter((l) => !/took [\d.]+ s/.test(l)), []);
  assert.equal(summary.failedCases, 0);
});

/** A tiny LSP server that misbehaves in one way (`mode`) and is otherwise well behaved. */
function hostileServer(dir: string, mode: string): string {
  const lib = JSON.stringify(require.resolve('vscode-languageserver/node', { paths: [REPO_ROOT] }));
  const docs = JSON.stringify(require.resolve('vscode-languageserver-textdocument', { paths: [REPO_ROOT] }));
  const file = path.join(dir, `${mode}.js`);
  fs.writeFileSync(
    file,
    `const { createConnection, TextDocuments, ResponseError } = require(${lib});
const { TextDocument } = require(${docs});
const connection = createConnection();
const documents = new TextDocuments(TextDocument);
let opened = 0;
connection.onInitialize(() => ({ capabilities: { textDocumentSync: 2, hoverProvider: true, completionProvider: {}, codeActionProvider: true, definitionProvider: true, documentSymbolProvider: true } }));
const publish = (doc) => {
  if (${JSON.stringify(mode)} === 'silent') return;
  const far = { line: doc.lineCount + 5, character: 0 };
  const diagnostics = ${JSON.stringify(mode)} === 'bad-range' ? [{ range: { start: far, end: far }, message: 'outside' }] : [];
  connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
};
documents.onDidOpen((e) => {
  if (${JSON.stringify(mode)} === 'crash' && ++opened === 2) process.exit(3);
  publish(e.document);
});
documents.onDidChangeContent((e) => publish(e.document));
connection.onHover(() => { if (${JSON.stringify(mode)} === 'hover-error') throw new ResponseError(-32603, 'hover broke'); return null; });
connection.onCompletion(() => []);
connection.onCodeAction(() => []);
connection.onDefinition(() => null);
connection.onDocumentSymbol(() => ${JSON.stringify(mode)} === 'bad-symbol' ? [{ name: 's', kind: 5, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, selectionRange: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }] : []);
documents.listen(connection);
connection.listen();
`,
  );
  return file;
}

test('the fuzzer reports a server that errs, publishes outside the document, dies or hangs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-stack-hostile-'));
  const failuresDir = path.join(dir, 'failures');
  try {
    const expected: Record<string, string> = { 'hover-error': 'request-error', 'bad-range': 'diagnostic-range', crash: 'server-exit', silent: 'diagnostics-hang', 'bad-symbol': 'response-range' };
    for (const [mode, check] of Object.entries(expected)) {
      const summary = await runLspFuzz({ seed: SEED, cases: 3, server: hostileServer(dir, mode), failuresDir, hangMs: 2000 });
      assert.ok(summary.failedCases > 0, `${mode}: ${summaryLine(summary)}`);
      assert.ok((summary.byCheck as Record<string, number>)[check] > 0, `${mode} is reported as ${check}: ${summaryLine(summary)}`);
      // The failing case is on disk with what reproduces it.
      const first = summary.failureDirs[0];
      for (const f of ['steps.json', 'failures.json', 'replay.txt']) assert.ok(fs.existsSync(path.join(first, f)), `${mode}: ${f} written`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
