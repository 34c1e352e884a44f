// Built-in finding ids (parse problems, internal-error) are known to the engine, not only to the
// CLI: their severity comes from their metadata, the editor's `.ai-stack.json` check accepts them,
// and hovers explain them. Parse-problem findings are built once, for a lone file and a set alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, Hover } from 'vscode-languageserver-protocol/node';
import { allRules, analyze, BUILT_IN_RULES, knownRules } from '../../server/src/engine';
import { projectFindings } from '../../server/src/engine/analyze/project';
import { loadProject } from '../../server/src/engine/project/project';
import { startPair } from '../support/lspPair';

/** Inputs that produce each built-in id (internal-error needs a failing rule: tested in test/robustness). */
const BROKEN: Record<string, [file: string, text: string]> = {
  'yaml-syntax': ['compose.yaml', 'services:\n  api:\n    image: [x\n'],
  'yaml-duplicate-key': ['compose.yaml', 'services:\n  api:\n    image: a:1.0.0\n    image: a:1.0.1\n'],
  'not-a-mapping': ['compose.yaml', '- services\n- api\n'],
  'yaml-depth-limit': ['compose.yaml', `services:\n  api:\n    x-deep: ${'['.repeat(600)}${']'.repeat(600)}\n`],
  'yaml-alias-limit': ['compose.yaml', 'x-a: &a [*a]\nservices:\n  api:\n    image: a:1.0.0\n'],
  'dockerfile-syntax': ['Dockerfile', 'RUN echo hi\nCMD ["sh"]\n'],
};

test('every built-in id is known to the engine, once, next to the rule modules', () => {
  const ids = knownRules().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'no id twice');
  for (const b of BUILT_IN_RULES) {
    assert.ok(ids.includes(b.id), b.id);
    assert.ok(!allRules().some((r) => r.id === b.id), `${b.id} is a rule module too: drop it from BUILT_IN_RULES`);
  }
});

test('each parse problem is reported under its built-in id with the severity of its metadata', () => {
  for (const [id, [file, text]] of Object.entries(BROKEN)) {
    const found = analyze(file, text)!.findings.filter((f) => f.ruleId === id);
    assert.ok(found.length >= 1, `${id}: ${JSON.stringify(analyze(file, text)!.findings.map((f) => f.ruleId))}`);
    const meta = BUILT_IN_RULES.find((b) => b.id === id)!;
    assert.ok(found.every((f) => f.severity === meta.defaultSeverity), `${id} is ${meta.defaultSeverity}`);
  }
});

test('a member of a set gets the same parse findings as the file checked alone', () => {
  for (const id of ['yaml-syntax', 'yaml-duplicate-key', 'not-a-mapping']) {
    const [, text] = BROKEN[id];
    const files: Record<string, string> = { '/p/compose.yaml': 'services:\n  api:\n    image: a:1.0.0\n', '/p/compose.override.yaml': text };
    const project = loadProject({ files: Object.keys(files), read: (p) => files[p] });
    const inSet = projectFindings(project).filter((f) => f.file === '/p/compose.override.yaml' && f.ruleId === id);
    const alone = analyze('/p/compose.override.yaml', text)!.findings.filter((f) => f.ruleId === id);
    assert.deepEqual(inSet, alone, id);
  }
});

test('language server: .ai-stack.json may set a built-in id; hover explains a parse problem', async () => {
  const pair = await startPair();
  try {
    const dir = path.join(os.tmpdir(), 'aistack-builtin');
    const config = await pair.open(pathToFileURL(path.join(dir, '.ai-stack.json')).toString(), JSON.stringify({ rules: { 'yaml-duplicate-key': 'warning', 'dockerfile-syntax': 'off', 'no-such-rule': 'off' } }), 'json');
    assert.deepEqual(config.diagnostics.map((d) => d.message), ['Unknown rule id "no-such-rule".']);
    const [, text] = BROKEN['yaml-syntax'];
    const uri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
    const published = await pair.open(uri, text);
    const d = published.diagnostics.find((x) => x.code === 'yaml-syntax');
    assert.ok(d, JSON.stringify(published.diagnostics));
    const hover = (await pair.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: d.range.start })) as Hover | null;
    assert.match((hover?.contents as { value: string }).value, /\*\*yaml-syntax\*\* \(error\): YAML syntax error\n\nThe file is not valid YAML/);
  } finally {
    pair.dispose();
  }
});
