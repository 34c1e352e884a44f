/**
 * Issue 16: `ai-stack check DIR` and the language server agree. The CLI's JSON findings and the
 * diagnostics the server publishes for each file opened over the LSP pair must be the same (rule,
 * file, range, severity, message) — over the corpus, examples/ and a workspace with every kind of
 * file set (default pair, COMPOSE_FILE from .env, .ai-stack.json sets), ignored and development files.
 * Also: one config resolution (package.json defaults are the engine's), one message for an invalid config.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_COMPOSE_PATTERNS } from '../../server/src/engine/analysis';
import { DEFAULT_DEVELOPMENT_PATTERNS } from '../../server/src/engine/config';
import { DEFAULT_DEVELOPMENT_PATTERNS as PROJECT_DEV_PATTERNS } from '../../server/src/engine/project/project';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { collectFiles } from '../../server/src/cli/collect';
import { startPair } from '../support/lspPair';
import { CORPUS_ROOT } from '../support/corpus';
import { buildCli, removeDir, repoRoot, runCli, tempDir } from './harness';

interface Row {
  file: string;
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
const key = (r: Row) => `${r.file}:${r.line}:${r.column}-${r.endLine}:${r.endColumn} ${r.severity} ${r.ruleId} ${r.message}`;

let cli: string;
before(async () => {
  cli = await buildCli();
});

function cliRows(dir: string, inputs = ['.']): { rows: Row[]; files: string[] } {
  const r = runCli(cli, ['check', '--format', 'json', ...inputs], dir);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as { files: string[]; findings: Row[] };
  return { files: json.files, rows: json.findings.map((f) => ({ file: f.file, ruleId: f.ruleId, severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, message: f.message })) };
}

/** Opens every file `check DIR` would look at (same collection), one by one, and keeps its first diagnostics. */
async function editorRows(dir: string, inputs = ['.']): Promise<Row[]> {
  const pair = await startPair();
  const rows: Row[] = [];
  try {
    for (const input of collectFiles(inputs, dir).files) {
      const uri = pathToFileURL(input.path).toString();
      const published = await pair.open(uri, fs.readFileSync(input.path, 'utf8'), input.kind === 'compose' ? 'dockercompose' : 'dockerfile');
      const file = path.relative(dir, input.path).split(path.sep).join('/');
      for (const d of published.diagnostics) {
        rows.push({ file, ruleId: String(d.code), severity: SEVERITY[d.severity ?? 1], line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1, message: d.message });
      }
    }
  } finally {
    pair.dispose();
  }
  return rows;
}

async function assertSame(dir: string, inputs?: string[]): Promise<Row[]> {
  const { rows } = cliRows(dir, inputs);
  const fromEditor = await editorRows(dir, inputs);
  assert.deepEqual(fromEditor.map(key).sort(), rows.map(key).sort());
  return rows;
}

const BASE = `services:
  api:
    image: ghcr.io/acme/api:\${API_TAG}
    environment:
      DB_PASSWORD: \${DB_PASSWORD:?set it in .env}
    ports:
      - "8000:8000"
`;
const OVERRIDE = `services:
  api:
    ports:
      - "5432:5432"
    volumes:
      - ./src:/app/src
`;

function workspaceWithSets(): string {
  return tempDir({
    // Default pair: the override's published port and bind mount are development files' business.
    'pair/compose.yaml': BASE,
    'pair/compose.override.yaml': OVERRIDE,
    'pair/.env': 'LOG_LEVEL=info\n',
    // COMPOSE_FILE from .env (one file missing, one with a bad reference).
    'envset/.env': 'COMPOSE_FILE=compose.base.yml:compose.prod.yml:compose.gone.yml\nAPI_TAG=1.2.3\n',
    'envset/compose.base.yml': BASE,
    'envset/compose.prod.yml': 'services:\n  api:\n    image: ghcr.io/acme/api:${API_TAG\n',
    // A set declared in .ai-stack.json; an ignored folder; a development file by pattern.
    '.ai-stack.json': JSON.stringify({ composeFiles: [['configured/docker-compose.app.yml', 'configured/docker-compose.extra.yml']], ignore: ['vendor/**'], developmentFiles: ['*.local.yml'] }),
    'configured/docker-compose.app.yml': BASE,
    'configured/docker-compose.extra.yml': 'include:\n  - gone/compose.yaml\nservices:\n  api:\n    environment:\n      TOKEN: ${TOKEN:?}\n',
    'vendor/compose.yaml': BASE,
    'dev/compose.local.yml': OVERRIDE.replace('services:\n  api:', 'services:\n  db:\n    image: postgres:16.11-alpine3.21'),
    'dev/compose.yaml': OVERRIDE.replace('services:\n  api:', 'services:\n  db:\n    image: postgres:16.11-alpine3.21'),
  });
}

describe('check DIR and the editor report the same findings', () => {
  test('a workspace with a default pair, COMPOSE_FILE from .env, a configured set, an ignored folder and a development file', async () => {
    const dir = workspaceWithSets();
    try {
      const rows = await assertSame(dir);
      const rules = new Set(rows.map((r) => r.ruleId));
      // Project rules fire in the CLI too (the files are judged in their sets, not alone).
      for (const id of ['env-variable-unset', 'env-required-missing', 'interpolation-syntax', 'project-file-missing']) assert.ok(rules.has(id), `${id} in ${[...rules].join(', ')}`);
      // `ignore` is honoured by both.
      assert.equal(rows.filter((r) => r.file.startsWith('vendor/')).length, 0);
      // Development patterns: the same file content is relaxed in compose.local.yml only.
      const dev = rows.filter((r) => r.file === 'dev/compose.local.yml').map((r) => r.ruleId);
      const prod = rows.filter((r) => r.file === 'dev/compose.yaml').map((r) => r.ruleId);
      assert.ok(dev.length < prod.length, `dev ${dev.join(',')} vs prod ${prod.join(',')}`);
    } finally {
      removeDir(dir);
    }
  });

  test('examples/', async () => {
    assert.ok((await assertSame(path.join(repoRoot, 'examples'))).length > 0);
  });

  test('the corpus', { skip: !CORPUS_ROOT && 'corpus not found' }, async () => {
    assert.ok((await assertSame(CORPUS_ROOT!, ['compose/*', 'dockerfile/*'])).length > 100);
  });
});

describe('one config resolution', () => {
  test('package.json setting defaults are the engine constants', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const c = pkg.contributes.configuration;
    const props: Record<string, { default?: unknown }> = Object.assign({}, ...(Array.isArray(c) ? c : [c]).map((x: { properties: object }) => x.properties));
    assert.deepEqual(props['aiStack.composeFilePatterns'].default, DEFAULT_COMPOSE_PATTERNS);
    assert.deepEqual(props['aiStack.developmentFiles'].default, DEFAULT_DEVELOPMENT_PATTERNS);
    assert.deepEqual(props['aiStack.composeFiles'].default, []);
    assert.deepEqual(props['aiStack.rules'].default, {});
    assert.equal(PROJECT_DEV_PATTERNS, DEFAULT_DEVELOPMENT_PATTERNS);
    assert.equal(DEFAULT_SETTINGS.developmentFiles, DEFAULT_DEVELOPMENT_PATTERNS);
    assert.equal(DEFAULT_SETTINGS.composeFilePatterns, DEFAULT_COMPOSE_PATTERNS);
  });

  test('an invalid .ai-stack.json: one error diagnostic on it in the editor, the same message from the CLI', async () => {
    const text = '{"rules": {"cap-drop-all": "loud"}, "ignore": "vendor"}';
    const dir = tempDir({ 'compose.yaml': BASE, '.ai-stack.json': text });
    const pair = await startPair();
    try {
      const published = await pair.open(pathToFileURL(path.join(dir, '.ai-stack.json')).toString(), text, 'json');
      const errors = published.diagnostics.filter((d) => d.severity === 1);
      assert.equal(errors.length, 1, JSON.stringify(published.diagnostics));
      assert.match(errors[0].message, /rules\.cap-drop-all/);
      assert.match(errors[0].message, /ignore/);
      const r = runCli(cli, ['check', '.'], dir);
      assert.equal(r.code, 2);
      assert.ok(r.stderr.includes(errors[0].message), `${r.stderr}\n--- does not include ---\n${errors[0].message}`);
    } finally {
      pair.dispose();
      removeDir(dir);
    }
  });

  test('an ignored file opened in the editor gets no diagnostics; the CLI reports nothing for it', async () => {
    const dir = tempDir({ 'vendor/compose.yaml': BASE, 'app/compose.yaml': BASE, '.ai-stack.json': JSON.stringify({ ignore: ['vendor/**'] }) });
    const pair = await startPair();
    try {
      const ignored = await pair.open(pathToFileURL(path.join(dir, 'vendor/compose.yaml')).toString(), BASE);
      assert.deepEqual(ignored.diagnostics, []);
      const checked = await pair.open(pathToFileURL(path.join(dir, 'app/compose.yaml')).toString(), BASE);
      assert.ok(checked.diagnostics.length > 0);
      const { rows, files } = cliRows(dir);
      assert.deepEqual(files, ['app/compose.yaml']);
      assert.ok(rows.every((r) => r.file === 'app/compose.yaml'));
    } finally {
      pair.dispose();
      removeDir(dir);
    }
  });
});

