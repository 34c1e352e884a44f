/**
 * Issue 10, found by the LSP fuzzer (seed 764572304, case 593): LSP counts a bare CR as a line break
 * (as VS Code does); the engine's LineTable counts only LF. Go to definition converted its offsets
 * with the LineTable, so in a file with CR line ends (old Mac files, or a paste) it answered a
 * range on the wrong line, or past the end of the document.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DefinitionRequest, Location, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { toDocumentChanges, toWorkspaceEdit } from '../../server/src/lsp/convert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startPair } from '../support/lspPair';

test('go to definition in a file with bare CR line ends answers the range of the definition', async () => {
  // One bare CR (line 2 ends with it), the rest LF: the definition is on LSP line 9 (the LineTable said 8).
  const text = 'services:\n  web:\n    image: nginx:1.27.3\r    restart: always\n  app:\n    image: nginx:1.27.3\n    volumes:\n      - data:/data\nvolumes:\n  data: {}\n';
  const uri = 'file:///tmp/ai-stack-line-breaks/compose.yaml';
  const doc = TextDocument.create(uri, 'dockercompose', 1, text);
  const pair = await startPair();
  try {
    await pair.open(uri, text);
    const position = doc.positionAt(text.indexOf('data:/data') + 1);
    const result = (await pair.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })) as Location[];
    assert.equal(result.length, 1);
    const { range } = result[0];
    assert.ok(range.start.line < doc.lineCount && range.end.line < doc.lineCount, `inside the document: ${JSON.stringify(range)}`);
    // The range covers the `data` key under the top-level volumes.
    assert.equal(doc.getText(range), 'data');
    assert.equal(range.start.line, 9);
  } finally {
    pair.dispose();
  }
});

test('an edit to a file that is not open lands on the line the editor counts, after a bare CR', () => {
  // A fix that also edits another file (not open: its disk text) converts offsets without a document.
  const other = 'A=1\rB=2\nC=3\n';
  const fix = { title: 't', safe: true, edits: [{ file: '/tmp/ai-stack-line-breaks/.env', range: { start: other.indexOf('C'), end: other.indexOf('C') + 1 }, newText: 'D' }] };
  const target = { uri: 'file:///tmp/ai-stack-line-breaks/.env', text: other };
  const [viaChanges] = toWorkspaceEdit(fix, () => target).changes![target.uri];
  const [viaDocumentChanges] = (toDocumentChanges(fix, () => target).documentChanges![0] as TextDocumentEdit).edits;
  const asEditor = TextDocument.create(target.uri, 'plaintext', 0, other);
  for (const edit of [viaChanges, viaDocumentChanges]) {
    assert.deepEqual(edit.range.start, { line: 2, character: 0 });
    assert.equal(TextDocument.applyEdits(asEditor, [edit as TextEdit]), 'A=1\rB=2\nD=3\n');
  }
});
