/**
 * `ai-stack init` run as the shipped CLI (dist/cli.js from `npm run build`) on temporary folders:
 * the same output as the editor's generators, never an overwrite without --force, --dry-run
 * writes nothing, app folders and compose projects found as the editor finds them, and what it
 * writes passes `ai-stack check` (project rules included, through the same CLI).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { addModelServer, addOllamaService, detectProject, generateDockerfile } from '../../server/src/scaffold';
import { readProject } from '../../server/src/cli/initFiles';
import { repoRoot } from './harness';
import { assertOnlyInserted } from '../support/inserted';

const cli = path.join(repoRoot, 'dist', 'cli.js');
if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first.`);

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-init-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  // No compile cache in the user's home: a private one per run.
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, AI_STACK_COMPILE_CACHE: '0', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

/** Findings `ai-stack check --format json` reports for the folder. */
function check(dir: string, args: string[] = ['.']): { ruleId: string; file: string; service?: string; message: string }[] {
  const r = run(['check', '--format', 'json', ...args], dir);
  assert.ok(r.code === 0 || r.code === 1, `check failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout).findings;
}


const FASTAPI = { 'requirements.txt': 'fastapi==0.115.6\nuvicorn==0.34.0\n', 'app/__init__.py': '', 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
const NEXT = {
  'package.json': JSON.stringify({ name: 'web', scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15.1.0' } }),
  'package-lock.json': '{}',
  'next.config.mjs': "export default { output: 'standalone' };\n",
};
const prefixed = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]));

test('usage: --help, a missing or unknown target, flags that do not apply', () => {
  const dir = workspace({});
  const help = run(['init', '--help'], dir);
  assert.equal(help.code, 0);
  for (const t of ['dockerfile', 'ollama', 'vllm', 'tgi', 'env-example', '--dry-run', '--force']) assert.ok(help.stdout.includes(t), t);
  assert.match(run(['--help'], dir).stdout, /ai-stack init dockerfile\|ollama\|vllm\|tgi\|env-example/);
  for (const [args, re] of [
    [['init'], /say what to generate/],
    [['init', 'kubernetes'], /cannot generate "kubernetes"/],
    [['init', 'ollama', '--model', 'x/y'], /--model does not apply to init ollama/],
    [['init', 'vllm', '--gpus', 'all'], /--gpus all does not apply to vllm/],
    [['init', 'vllm', '--gpus', '0'], /--gpus needs a whole number/],
    [['init', 'dockerfile', '--port', '70000'], /--port needs a whole number from 1 to 65535/],
    [['init', 'dockerfile', 'a', 'b'], /unexpected argument "b"/],
    [['init', 'env-example', '--force=yes'], /--force takes no value/],
  ] as [string[], RegExp][]) {
    const r = run(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing written');
});

test('dockerfile: several app folders → refuses and lists them; one named → the editor\'s Dockerfile, which checks clean', () => {
  const dir = workspace({ ...prefixed('api', FASTAPI), ...prefixed('web', NEXT), 'web/node_modules/dep/package.json': '{}' });
  const several = run(['init', 'dockerfile'], dir);
  assert.equal(several.code, 2);
  assert.match(several.stderr, /several app folders: api, web\b/, 'node_modules is not an app folder');
  assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));

  for (const [folder, port] of [['api', 8000], ['web', 3000]] as const) {
    const r = run(['init', 'dockerfile', folder], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`created ${folder}/Dockerfile\\ncreated ${folder}/\\.dockerignore`));
    const detected = detectProject(readProject(path.join(dir, folder)));
    assert.ok(detected.ok);
    const expected = generateDockerfile(detected.project, {});
    assert.equal(read(dir, `${folder}/Dockerfile`), expected.dockerfile, 'the same text the editor writes');
    assert.equal(read(dir, `${folder}/.dockerignore`), expected.dockerignore);
    assert.match(read(dir, `${folder}/Dockerfile`), new RegExp(`EXPOSE ${port}`));
  }
  assert.deepEqual(check(dir, ['api/Dockerfile', 'web/Dockerfile']), []);
});

test('dockerfile: the only app folder below is found; --port and --base-image apply; no app → a clear message', () => {
  const dir = workspace({ ...prefixed('services/api', FASTAPI), 'README.md': '# x\n' });
  const r = run(['init', 'dockerfile', '--port', '9000', '--base-image', 'python=python:3.12.9-slim'], dir);
  assert.equal(r.code, 0, r.stderr);
  const text = read(dir, 'services/api/Dockerfile');
  assert.match(text, /^FROM python:3\.12\.9-slim AS base$/m);
  assert.match(text, /EXPOSE 9000/);
  const empty = workspace({ 'README.md': '# x\n' });
  const none = run(['init', 'dockerfile'], empty);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /No package\.json, requirements\.txt or pyproject\.toml/);
});

test('dockerfile: an existing Dockerfile is never overwritten without --force; --dry-run prints and writes nothing', () => {
  const dir = workspace({ ...FASTAPI, Dockerfile: 'FROM scratch # mine\n' });
  const refused = run(['init', 'dockerfile'], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Dockerfile already exists: nothing written\. .*--dry-run.*--force/);
  assert.equal(read(dir, 'Dockerfile'), 'FROM scratch # mine\n');
  assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')), 'all or nothing');

  const dry = run(['init', 'dockerfile', '--dry-run'], dir);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^==> Dockerfile \(replaces the existing file\) <==\n# Generated by AI Stack/);
  assert.match(dry.stdout, /\n==> \.dockerignore \(new file\) <==\n/);
  assert.match(dry.stderr, /a real run needs --force/);
  assert.match(dry.stderr, /dry run: nothing was written/);
  assert.equal(read(dir, 'Dockerfile'), 'FROM scratch # mine\n');
  assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')));

  const forced = run(['init', 'dockerfile', '--force'], dir);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /replaced Dockerfile\ncreated \.dockerignore/);
  assert.match(read(dir, 'Dockerfile'), /^# Generated by AI Stack/);
});

const CALLER = `# the app
services:
  api: # calls the model
    image: ghcr.io/acme/api:1.4.2
    environment:
      OLLAMA_BASE_URL: http://ollama:11434
    networks: [backend]
networks:
  backend: {}
`;

test('ollama: inserted into the existing compose.yaml as the editor does (lines kept, joins the caller\'s network); re-run and re-baseline rules', () => {
  const dir = workspace({ 'compose.yaml': CALLER });
  const r = run(['init', 'ollama', '--gpus', '1'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /updated compose\.yaml\nnote: added: api\.depends_on\.ollama \(service_healthy\), service ollama, volumes\.ollama-models, networks\.ailab-network\.\nnote: "ollama" also joins backend/);
  const text = read(dir, 'compose.yaml');
  const editor = addOllamaService(CALLER, { gpuCount: 1 });
  assert.ok(editor.ok);
  assert.equal(text, editor.text, 'the same edit the editor applies');
  assertOnlyInserted(CALLER, text);
  const found = check(dir);
  assert.deepEqual(found.filter((f) => f.service === 'ollama' || f.ruleId === 'service-unreachable'), []);

  const again = run(['init', 'ollama'], dir);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already meets the baseline; nothing to do/);
  assert.equal(read(dir, 'compose.yaml'), text);
});

test('ollama: an existing service that lacks the baseline is changed only with --force (the editor asks first)', () => {
  const original = 'services:\n  ollama:\n    image: ollama/ollama:0.5.7\n';
  const dir = workspace({ 'docker-compose.yml': original });
  const refused = run(['init', 'ollama'], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /docker-compose\.yml has a ollama service already\. Bringing it up to the baseline would add: .*ollama\.healthcheck.*--force/);
  assert.equal(read(dir, 'docker-compose.yml'), original);
  assert.ok(!fs.existsSync(path.join(dir, 'compose.yaml')), 'the default file of the folder is used, no second one');
  const dry = run(['init', 'ollama', '--dry-run'], dir);
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /^==> docker-compose\.yml \(edited: lines inserted\) <==\nservices:\n {2}ollama:\n {4}image: ollama\/ollama:0\.5\.7\n/);
  assert.match(dry.stderr, /a real run needs --force to bring it up to the baseline/);
  assert.equal(read(dir, 'docker-compose.yml'), original);
  const forced = run(['init', 'ollama', '--force'], dir);
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(check(dir).filter((f) => f.service === 'ollama'), []);
});

test('vllm and tgi: a new compose.yaml that checks clean; options reach the file; errors are clear', () => {
  for (const kind of ['vllm', 'tgi'] as const) {
    const dir = workspace({});
    const r = run(['init', kind], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^created compose\.yaml$/m);
    const editor = addModelServer(kind, undefined, {});
    assert.ok(editor.ok);
    assert.equal(read(dir, 'compose.yaml'), editor.text);
    assert.deepEqual(check(dir), []);

    const opts = workspace({});
    const o = run(['init', kind, '-f', 'deploy/models.compose.yaml', '--gpus', '2', '--model', 'mistralai/Mistral-7B-Instruct-v0.3', '--port', '9090', '--publish-loopback', '--network', 'llm', '--external-network'], opts);
    assert.equal(o.code, 0, o.stderr);
    assert.match(o.stdout, /note: The network "llm" is external: create it once with `docker network create llm`/);
    const svc = (parseDocument(read(opts, 'deploy/models.compose.yaml')).toJS() as any).services[kind];
    assert.deepEqual(svc.ports, ['127.0.0.1:9090:9090']);
    assert.ok(svc.command.includes('mistralai/Mistral-7B-Instruct-v0.3') && svc.command.includes('9090') && svc.command.includes('2'));
    assert.equal(svc.deploy.resources.reservations.devices[0].count, 2);
    assert.deepEqual(check(opts, ['deploy/models.compose.yaml']), []);

    const bad = run(['init', kind, '--model', 'not a model'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"not a model" is not a Hugging Face model id/);
    const broken = workspace({ 'compose.yaml': 'services:\n  a: [\n' });
    const b = run(['init', kind], broken);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /YAML errors/);
  }
});

/** The example stack's tracked files (not a local .env), copied to a temp folder. */
function exampleStack(): string {
  const files = spawnSync('git', ['ls-files', 'examples/stack'], { cwd: repoRoot, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  assert.ok(files.includes('examples/stack/compose.yaml'));
  return workspace(Object.fromEntries(files.map((f) => [path.relative('examples/stack', f), fs.readFileSync(path.join(repoRoot, f), 'utf8')])));
}

test('vllm / tgi into the example stack (api as the caller): `ai-stack check` of the project stays at zero findings', () => {
  for (const kind of ['vllm', 'tgi'] as const) {
    const dir = exampleStack();
    assert.deepEqual(check(dir), [], 'the example stack is clean before');
    const before = read(dir, 'compose.yaml');
    const dry = run(['init', kind, '--consumer', 'api', '--dry-run'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^==> compose\.yaml \(edited: lines inserted\) <==\n/);
    assert.equal(read(dir, 'compose.yaml'), before, '--dry-run writes nothing');
    const r = run(['init', kind, '--consumer', 'api'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`note: "${kind}" also joins backend: the network of "api"`));
    assertOnlyInserted(before, read(dir, 'compose.yaml'));
    assert.deepEqual(check(dir), [], read(dir, 'compose.yaml'));
    const unknown = run(['init', kind, '--consumer', 'nope'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No service "nope"/);
  }
});

test('env-example: one .env.example beside each compose project; existing lines kept; secrets never written', () => {
  const dir = workspace({
    'stack/compose.yaml': 'services:\n  api:\n    image: x/api:${API_VERSION:-1.0.0}\n    environment:\n      DATABASE_URL: ${DATABASE_URL:?set the database URL}\n      DB_PASSWORD: ${DB_PASSWORD:-hunter2}\n',
    'stack/compose.override.yaml': 'services:\n  api:\n    environment:\n      DEBUG: ${DEBUG:-false}\n',
    'tools/docker-compose.yml': 'services:\n  tool:\n    image: x/tool:1.0.0\n    environment:\n      TOOL_TOKEN: ${TOOL_TOKEN:?}\n',
    'tools/.env.example': '# mine\nKEEP=1\n',
    'node_modules/pkg/compose.yaml': 'services:\n  x:\n    image: ${IGNORED}\n',
  });
  const r = run(['init', 'env-example'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /created stack\/\.env\.example/);
  assert.match(r.stdout, /updated tools\/\.env\.example/);
  assert.match(r.stdout, /note: tools\/\.env\.example: added TOOL_TOKEN\./);
  assert.ok(!fs.existsSync(path.join(dir, '.env.example')), 'no merged file at the root');
  assert.ok(!fs.existsSync(path.join(dir, 'node_modules/pkg/.env.example')));
  const stack = read(dir, 'stack/.env.example');
  assert.match(stack, /^# Generated by AI Stack from stack\/compose\.override\.yaml, stack\/compose\.yaml\./);
  assert.match(stack, /# set the database URL\n(# secret: .*\n)?DATABASE_URL=\n/);
  assert.match(stack, /\nDB_PASSWORD=\n/, 'a secret default is not written');
  assert.match(stack, /\nAPI_VERSION=1\.0\.0\n/);
  assert.doesNotMatch(stack, /hunter2|TOOL_TOKEN|IGNORED/);
  const tools = read(dir, 'tools/.env.example');
  assert.ok(tools.startsWith('# mine\nKEEP=1\n'), tools);
  assert.match(tools, /TOOL_TOKEN=/);
  const again = run(['init', 'env-example', 'tools'], dir);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /tools\/\.env\.example already lists every variable/);
  assert.equal(read(dir, 'tools/.env.example'), tools);
  const none = run(['init', 'env-example'], workspace({}));
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no compose files under \./);
});
