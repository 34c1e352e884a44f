import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allRules } from '../../server/src/engine';
import { buildCli, CliResult, removeDir, runCli, tempDir, UNHARDENED } from './harness';

const TEXT_LINE = /^(.+):(\d+):(\d+) (error|warning|info|hint) ([a-z0-9-]+) (.+)$/;

let cli: string;
const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempDir(files);
  dirs.push(dir);
  return dir;
}
function lines(r: CliResult): string[] {
  return r.stdout.split('\n').filter(Boolean);
}

before(async () => {
  cli = await buildCli();
});
after(() => {
  for (const d of dirs) removeDir(d);
  removeDir(path.dirname(cli));
});

describe('ai-stack check: text format', () => {
  test('prints file:line:col severity rule-id message with 1-based positions and exits 1', () => {
    const dir = project({ 'compose.yaml': UNHARDENED });
    const r = runCli(cli, ['check'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = lines(r);
    assert.ok(out.length > 0);
    for (const line of out) assert.match(line, TEXT_LINE);
    // The port finding points at the "8000:8000" scalar on line 6, column 9 (after `      - `).
    const port = out.find((l) => l.includes(' port-host-ip-required '));
    assert.ok(port, out.join('\n'));
    assert.match(port, /^compose\.yaml:6:9 warning port-host-ip-required /);
    // Service-level findings point at the service key `api` (line 3, column 3).
    assert.ok(out.some((l) => l.startsWith('compose.yaml:3:3 warning cap-drop-all ')), out.join('\n'));
    assert.match(r.stderr, /\d+ problems \((\d+ errors?, )?\d+ warnings?(, \d+ infos?)?(, \d+ hints?)?\); 1 file checked, 1 with findings/);
    assert.doesNotMatch(r.stderr, /\b[02-9] hint\b|\b0 (errors|warnings|infos|hints)\b/, 'plurals right, zero counts left out');
  });

  test('walks directories, skips node_modules and .git, ignores non-compose YAML', () => {
    const dir = project({
      'deploy/docker-compose.prod.yml': UNHARDENED,
      'node_modules/pkg/compose.yaml': UNHARDENED,
      '.git/compose.yaml': UNHARDENED,
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    });
    const r = runCli(cli, ['check', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const files = new Set(lines(r).map((l) => l.match(TEXT_LINE)![1]));
    assert.deepEqual([...files], ['deploy/docker-compose.prod.yml']);
  });

  test('globs select files, and an explicit YAML file is read as compose whatever its name', () => {
    const dir = project({ 'a/compose.yaml': UNHARDENED, 'b/compose.yaml': UNHARDENED, 'stack.yml': UNHARDENED });
    const glob = runCli(cli, ['check', 'a/*.yaml'], dir);
    assert.equal(glob.code, 1, glob.stderr);
    assert.deepEqual([...new Set(lines(glob).map((l) => l.split(':')[0]))], ['a/compose.yaml']);
    const named = runCli(cli, ['check', 'stack.yml'], dir);
    assert.equal(named.code, 1, named.stderr);
    assert.ok(lines(named).every((l) => l.startsWith('stack.yml:')));
  });

  test('suppression comments and x-ai-stack ignore are honoured', () => {
    const text = `services:\n  api:\n    image: python:3.12.8-slim\n    x-ai-stack: { ignore: [cap-drop-all] }\n    ports:\n      # ai-stack-ignore port-host-ip-required\n      - "8000:8000"\n`;
    const dir = project({ 'compose.yaml': text });
    const out = lines(runCli(cli, ['check'], dir));
    assert.ok(out.length > 0);
    assert.ok(!out.some((l) => / (cap-drop-all|port-host-ip-required) /.test(l)), out.join('\n'));
  });
});

describe('ai-stack check: JSON format', () => {
  test('lists findings with 1-based ranges, fixes and the files checked', () => {
    const dir = project({ 'compose.yaml': UNHARDENED });
    const r = runCli(cli, ['check', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.files, ['compose.yaml']);
    const port = report.findings.find((f: { ruleId: string }) => f.ruleId === 'port-host-ip-required');
    assert.deepEqual(
      { file: port.file, line: port.line, column: port.column, endLine: port.endLine, endColumn: port.endColumn, severity: port.severity, service: port.service },
      { file: 'compose.yaml', line: 6, column: 9, endLine: 6, endColumn: 20, severity: 'warning', service: 'api' },
    );
    assert.equal(port.fix.safe, true);
    const ids = new Set(allRules().map((r) => r.id));
    for (const f of report.findings) assert.ok(ids.has(f.ruleId), `unknown rule ${f.ruleId}`);
  });

  test('--output writes the report to a file', () => {
    const dir = project({ 'compose.yaml': UNHARDENED });
    const r = runCli(cli, ['check', '--format=json', '--output', 'out/report.json'], dir);
    assert.equal(r.code, 2, 'the output directory does not exist: a clear error');
    assert.match(r.stderr, /--output out\/report\.json: cannot write/);
    fs.mkdirSync(path.join(dir, 'out'));
    const ok = runCli(cli, ['check', '--format=json', '--output', 'out/report.json'], dir);
    assert.equal(ok.code, 1, ok.stderr);
    assert.equal(ok.stdout, '');
    assert.ok(JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8')).findings.length > 0);
  });
});

describe('ai-stack check: exit codes and --max-severity', () => {
  test('0 when every finding is less severe than --max-severity, 1 when one reaches it', () => {
    const dir = project({ 'compose.yaml': UNHARDENED });
    const all = JSON.parse(runCli(cli, ['check', '--format', 'json'], dir).stdout).findings as { severity: string }[];
    assert.ok(!all.some((f) => f.severity === 'error'), 'fixture has no error findings');
    assert.ok(all.some((f) => f.severity === 'warning'));
    assert.equal(runCli(cli, ['check', '--max-severity', 'error'], dir).code, 0);
    assert.equal(runCli(cli, ['check', '--max-severity', 'warning'], dir).code, 1);
    assert.equal(runCli(cli, ['check'], dir).code, 1, 'default hint: any finding fails');
  });

  test('0 and no output when .ai-stack.json turns every rule off', () => {
    const rules = Object.fromEntries(allRules().map((r) => [r.id, 'off']));
    const dir = project({ 'compose.yaml': UNHARDENED, '.ai-stack.json': JSON.stringify({ rules }) });
    const r = runCli(cli, ['check'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^0 problems/);
  });

  test('.ai-stack.json severities and ignore globs apply; --config picks another file', () => {
    const dir = project({
      'compose.yaml': UNHARDENED,
      'vendor/compose.yaml': UNHARDENED,
      '.ai-stack.json': JSON.stringify({ rules: { 'cap-drop-all': 'error' }, ignore: ['vendor/**'] }),
      'other.json': JSON.stringify({ rules: { 'cap-drop-all': 'off' } }),
    });
    const out = lines(runCli(cli, ['check'], dir));
    assert.ok(out.some((l) => l.includes(' error cap-drop-all ')), out.join('\n'));
    assert.ok(!out.some((l) => l.startsWith('vendor/')), 'ignored by the config');
    const other = lines(runCli(cli, ['check', '--config', 'other.json'], dir));
    assert.ok(!other.some((l) => l.includes(' cap-drop-all ')));
    assert.ok(other.some((l) => l.startsWith('vendor/')), 'other.json ignores nothing');
  });

  test('2 with a clear message for usage errors and unreadable input', () => {
    const dir = project({ 'compose.yaml': UNHARDENED, 'README.md': '# no\n' });
    const cases: [string[], RegExp][] = [
      [['check', 'missing.yaml'], /missing\.yaml: no such file or directory/],
      [['check', 'README.md'], /README\.md: not a compose file or Dockerfile/],
      [['check', '*.yml'], /\*\.yml: no compose file or Dockerfile matches/],
      [['check', '--format', 'xml'], /--format must be one of text, json, sarif \(got "xml"\)/],
      [['check', '--max-severity', 'fatal'], /--max-severity must be one of error, warning, info, hint/],
      [['check', '--output'], /--output needs a value/],
      [['check', '--frobnicate'], /unknown option --frobnicate/],
      [['check', '--fix=yes'], /--fix takes no value/],
      [['check', '--config', 'nope.json'], /nope\.json: cannot read config \(ENOENT\)/],
      [['check', '--project-directory', 'nowhere'], /--project-directory nowhere: not a directory/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(cli, args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('2 for an invalid .ai-stack.json, naming the bad value', () => {
    const dir = project({ 'compose.yaml': UNHARDENED, '.ai-stack.json': '{"rules": {"cap-drop-all": "loud"}}' });
    const r = runCli(cli, ['check'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.ai-stack\.json: invalid configuration:\n.*rules\.cap-drop-all/);
    fs.writeFileSync(path.join(dir, '.ai-stack.json'), '{ not json');
    const broken = runCli(cli, ['check'], dir);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid JSON/);
  });

  test('2 for an unreadable file, still reporting the readable ones', () => {
    const dir = project({ 'compose.yaml': UNHARDENED, 'b/compose.yaml': UNHARDENED });
    fs.chmodSync(path.join(dir, 'b/compose.yaml'), 0o000);
    // root reads any file: run the CLI as nobody then, with the rest of the tree readable to it.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (asNobody.uid) for (const p of [dir, path.join(dir, 'b'), path.dirname(cli)]) fs.chmodSync(p, 0o755);
    if (asNobody.uid) for (const p of [path.join(dir, 'compose.yaml'), cli]) fs.chmodSync(p, 0o644);
    const r = runCli(cli, ['check'], dir, asNobody);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /b\/compose\.yaml: cannot read file \(EACCES\)/);
    assert.ok(lines(r).some((l) => l.startsWith('compose.yaml:')));
  });

  test('2 for a directory that holds no compose file', () => {
    const dir = project({ 'notes.txt': 'hi\n' });
    const r = runCli(cli, ['check'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no compose files or Dockerfiles found in \./);
  });

  test('a dangling symlink is reported as missing input, not a crash', () => {
    const dir = project({ 'compose.yaml': UNHARDENED });
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'sub', 'compose.yaml'));
    const r = runCli(cli, ['check', 'sub/compose.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sub\/compose\.yaml: no such file or directory/);
  });

  test('-f files are checked together as one merged project; --env-file is accepted; --help exits 0', () => {
    // A missing --env-file is not tested through the process: Node 20 itself reads `--env-file`
    // anywhere on the command line and exits 9 before our code runs.
    const override = `services:\n  api:\n    cap_drop: [ALL] # hardened in prod\n`;
    const dir = project({ 'compose.yaml': UNHARDENED, 'compose.prod.yaml': override, '.env': 'A=1\n' });
    const alone = lines(runCli(cli, ['check', 'compose.yaml'], dir));
    assert.ok(alone.some((l) => l.includes(' cap-drop-all ')), 'the base file alone keeps all capabilities');
    const r = runCli(cli, ['check', '-f', 'compose.yaml', '-f', 'compose.prod.yaml', '--env-file', '.env', '--project-directory', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const merged = lines(r);
    assert.ok(merged.length > 0);
    assert.ok(!merged.some((l) => l.includes(' cap-drop-all ')), `the override drops them:\n${merged.join('\n')}`);
    assert.ok(merged.some((l) => l.startsWith('compose.yaml:6:9 warning port-host-ip-required ')), merged.join('\n'));
    const fix = runCli(cli, ['check', '--fix', '-f', 'compose.yaml'], dir);
    assert.equal(fix.code, 2);
    assert.match(fix.stderr, /--fix works on files checked one by one/);
    const missing = runCli(cli, ['check', '-f', 'nope.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /-f nope\.yaml: cannot read this file/);
    const help = runCli(cli, ['check', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--max-severity/);
  });

});
