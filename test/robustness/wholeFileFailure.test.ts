/**
 * Issue 10, defect 10: inputs that made the whole check of a file fail published zero diagnostics
 * (a falsely clean file) and failed every request: a self-`include`, a recursive alias, an
 * `extends.file` loop through a file or a symlink, a tab-indented sequence plus `<<: *undefined`, a
 * 4.9 MB file with 18k services (see largeFile.test.ts). Each now gets a visible finding, the rest of the file (and of the
 * workspace) is still checked, and in the CLI one bad file does not stop `check DIR`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, runCli, tempDir } from '../cli/harness';
import { lazyCliBundle } from './cliBundle';
import { runIsolated } from './isolated';

const SERVICE = 'services:\n  app:\n    image: nginx:1.27.3\n';
const SELF_INCLUDE = `include:\n  - compose.yaml\n${SERVICE}`;
const RECURSIVE_ALIAS = 'services:\n  app: &app\n    image: nginx:1.27.3\n    labels: *app\n';
const TAB_AND_UNDEFINED_MERGE = 'services:\n  app:\n    image: nginx:1.27.3\n    ports:\n\t- "80:80"\n    <<: *undefined\n';

test('self-include: an include-cycle finding on the include, and the file is still checked (server and project)', () => {
  const offsets = [SELF_INCLUDE.indexOf('compose.yaml'), SELF_INCLUDE.indexOf('image')];
  const out = runIsolated('lsp', { files: { 'compose.yaml': SELF_INCLUDE }, target: 'compose.yaml', offsets });
  const cycle = out.findings.find((f) => /include cycle/.test(f.message));
  assert.ok(cycle, JSON.stringify(out.findings));
  assert.equal(cycle.start, SELF_INCLUDE.indexOf('compose.yaml'));
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'), 'the service is still judged');
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
});

test('an include cycle through two files is reported on both files, not recursed into', () => {
  const files = { 'compose.yaml': `include:\n  - b/compose.yaml\n${SERVICE}`, 'b/compose.yaml': 'include:\n  - ../compose.yaml\nservices:\n  b:\n    image: redis:7.4.1\n' };
  const { findings } = runIsolated('project', { files, target: 'compose.yaml' });
  assert.ok(findings.some((f) => f.file === 'b/compose.yaml' && /include cycle/.test(f.message)), JSON.stringify(findings.map((f) => [f.file, f.ruleId])));
  assert.ok(findings.some((f) => f.file === 'compose.yaml' && f.ruleId === 'cap-drop-all'));
});

test('a recursive alias: a finding, the other findings, and answered requests in the server', () => {
  const out = runIsolated('lsp', { files: { 'compose.yaml': RECURSIVE_ALIAS }, target: 'compose.yaml', offsets: [RECURSIVE_ALIAS.indexOf('*app') + 1, RECURSIVE_ALIAS.indexOf('image')] });
  assert.ok(out.findings.some((f) => f.ruleId === 'yaml-alias-limit'));
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'));
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
});

test('extends.file looping through another file: an extends-cycle finding, both files checked', () => {
  const files = {
    'compose.yaml': 'services:\n  a:\n    image: nginx:1.27.3\n    extends:\n      file: other.yaml\n      service: b\n',
    'other.yaml': 'services:\n  b:\n    extends:\n      file: compose.yaml\n      service: a\n',
  };
  const { findings } = runIsolated('project', { files, target: 'compose.yaml' });
  assert.ok(findings.some((f) => /extends cycle/.test(f.message)), JSON.stringify(findings.map((f) => f.message)));
  assert.ok(findings.some((f) => f.file === 'compose.yaml' && f.ruleId === 'cap-drop-all'));
});

test('extends.file through a symlink loop: the target is reported unreadable, the file is checked', () => {
  const files = { 'compose.yaml': 'services:\n  a:\n    image: nginx:1.27.3\n    extends:\n      file: loop.yaml\n      service: b\n  c:\n    image: nginx:1.27.3\n    extends:\n      file: sub/compose.yaml\n      service: c\n' };
  const out = runIsolated('lsp', { files, target: 'compose.yaml', links: { 'loop.yaml': 'loop.yaml', sub: '.' }, offsets: [files['compose.yaml'].indexOf('loop.yaml')] });
  assert.ok(out.findings.some((f) => f.ruleId === 'project-file-missing' && /loop\.yaml/.test(f.message)), JSON.stringify(out.findings.map((f) => f.message)));
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'));
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
});

test('a tab-indented sequence plus `<<: *undefined`: syntax findings and answered requests', () => {
  const out = runIsolated('lsp', { files: { 'compose.yaml': TAB_AND_UNDEFINED_MERGE }, target: 'compose.yaml', offsets: [TAB_AND_UNDEFINED_MERGE.indexOf('*undefined') + 2] });
  assert.ok(out.findings.some((f) => f.ruleId === 'yaml-syntax' && f.severity === 'error'), JSON.stringify(out.findings));
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
});

// Built on first use, so that the tests above do not depend on the CLI bundle.
const cliBundle = lazyCliBundle();

test('CLI: check DIR with every bad file above still checks every file (exit 1, not 2)', async () => {
  const cli = await cliBundle();
  const dir = tempDir({
    'self/compose.yaml': SELF_INCLUDE,
    'alias/compose.yaml': RECURSIVE_ALIAS,
    'tabs/compose.yaml': TAB_AND_UNDEFINED_MERGE,
    'deep/compose.yaml': `${SERVICE}    command: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    'nbsp/Dockerfile': 'FROM alpine:3.19\nRUN echo a\u00a0b\n',
    'good/compose.yaml': SERVICE,
  });
  try {
    const r = runCli(cli, ['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { files: string[]; findings: { file: string; ruleId: string }[] };
    assert.equal(report.files.length, 6, report.files.join(', '));
    for (const f of report.files) assert.ok(report.findings.some((x) => x.file === f), `${f} has findings`);
  } finally {
    removeDir(dir);
  }
});

test('CLI: check -f on a self-including file reports the cycle and the service', async () => {
  const cli = await cliBundle();
  const dir = tempDir({ 'compose.yaml': SELF_INCLUDE });
  try {
    const r = runCli(cli, ['check', '-f', 'compose.yaml', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    assert.ok(findings.some((f) => /include cycle/.test(f.message)));
    assert.ok(findings.some((f) => f.ruleId === 'cap-drop-all'));
  } finally {
    removeDir(dir);
  }
});

test('a compose.yaml that is a symlink loop beside the checked file does not fail the check', () => {
  const files = { 'docker-compose.override.yml': SERVICE };
  const out = runIsolated('lsp', { files, target: 'docker-compose.override.yml', links: { 'compose.yaml': 'compose.yaml' }, offsets: [SERVICE.indexOf('image')] });
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'), JSON.stringify(out.findings.map((f) => f.message)));
  assert.deepEqual(out.requests, out.requests!.map(() => 'ok'));
});
