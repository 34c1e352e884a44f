// The swarm target through the real CLI (launcher + bundle, built as build.mjs builds dist/): a
// file clean for compose shows its swarm findings with --target swarm; .ai-stack.json's "target"
// and `docker stack deploy -c <file>` in the workspace's scripts choose it too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { detectTarget, stackDeployFiles } from '../../server/src/engine/rules/compose/swarm/detectTarget';
import { buildLauncher, removeDir, repoRoot, runCli, tempDir } from './harness';
import { startPair } from '../support/lspPair';
import fs from 'node:fs';
import { parse } from 'yaml';
import { DOCKER_CLI, stackConfig } from '../rules/compose/swarm-helpers';
import { pathToFileURL } from 'node:url';

let cli = '';
const dirs: string[] = [];
before(async () => {
  cli = await buildLauncher();
});
after(() => {
  for (const d of dirs) removeDir(d);
  removeDir(path.dirname(cli));
});

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; message: string }[];
}

function check(args: string[], cwd: string): { code: number | null; report: JsonReport; stderr: string } {
  const r = runCli(cli, ['check', '--format', 'json', ...args], cwd);
  return { code: r.code, report: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : { findings: [] }, stderr: r.stderr };
}

const ruleIds = (report: JsonReport) => [...new Set(report.findings.map((f) => f.ruleId))].sort();

/** Clean for compose (a hardened single service); swarm ignores its security_opt and restart. */
const COMPOSE_CLEAN = `services:
  api:
    image: ai-stack-test/api:1.0.0
    user: "10001:10001"
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8000/health"]
      interval: 10s
      retries: 3
    logging:
      driver: json-file
      options: {max-size: "10m", max-file: "3"}
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 256M, pids: 100}
    networks: [backend]
networks:
  backend: {}
`;

function workspace(files: Record<string, string>): string {
  const dir = tempDir({ 'compose.yaml': COMPOSE_CLEAN, ...files });
  dirs.push(dir);
  return dir;
}

test('the example stack, clean for compose, shows its swarm findings with --target swarm', () => {
  const compose = check(['examples/stack/compose.yaml'], repoRoot);
  assert.equal(compose.code, 0, JSON.stringify(compose.report.findings, null, 1) + compose.stderr);
  const swarm = check(['--target', 'swarm', 'examples/stack/compose.yaml'], repoRoot);
  assert.equal(swarm.code, 1);
  const ids = ruleIds(swarm.report);
  for (const id of ['swarm-security-opt-ignored', 'swarm-depends-on-conditions', 'swarm-key-rejected', 'swarm-update-config', 'swarm-port-host-ip', 'swarm-stateful-placement']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  assert.ok(ids.every((id) => id.startsWith('swarm-')), `only swarm rules report here: ${ids.join(', ')}`);
  const pids = swarm.report.findings.find((f) => f.ruleId === 'swarm-key-rejected')!;
  assert.match(pids.message, /pids_limit.*deploy\.resources\.limits\.pids/);
});

test('the hardened swarm example is clean for --target swarm (and --target=swarm)', () => {
  for (const flag of [['--target', 'swarm'], ['--target=swarm']]) {
    const r = check([...flag, 'examples/swarm/compose.yaml'], repoRoot);
    assert.equal(r.code, 0, JSON.stringify(r.report.findings, null, 1));
    assert.deepEqual(r.report.findings, []);
  }
});

test('a bad --target is a usage error', () => {
  const r = runCli(cli, ['check', '--target', 'kubernetes', 'compose.yaml'], repoRoot);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--target must be one of compose, swarm \(got "kubernetes"\)/);
});

test('.ai-stack.json "target": "swarm" chooses swarm; --target compose overrides it; a bad value is a config error', () => {
  const dir = workspace({ '.ai-stack.json': '{ "target": "swarm" }\n' });
  assert.ok(ruleIds(check(['compose.yaml'], dir).report).includes('swarm-security-opt-ignored'));
  const forced = check(['--target', 'compose', 'compose.yaml'], dir);
  assert.equal(forced.code, 0, JSON.stringify(forced.report.findings));
  const bad = workspace({ '.ai-stack.json': '{ "target": "nomad" }\n' });
  const r = runCli(cli, ['check', 'compose.yaml'], bad);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /target/);
});

test('detected: a script of the workspace runs docker stack deploy -c on the file', () => {
  const cases: Record<string, string> = {
    'deploy.sh': '#!/bin/sh\nset -e\ndocker stack deploy -c compose.yaml --with-registry-auth demo\n',
    Makefile: 'deploy:\n\tdocker stack deploy --compose-file=./compose.yaml demo\n',
    'package.json': '{ "scripts": { "deploy": "docker stack deploy -c compose.yaml demo" } }\n',
    '.github/workflows/deploy.yml': 'jobs:\n  deploy:\n    steps:\n      - run: docker stack deploy -c "compose.yaml" demo\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const dir = workspace({ [name]: text });
    const r = check(['compose.yaml'], dir);
    assert.ok(ruleIds(r.report).includes('swarm-security-opt-ignored'), `${name}: ${ruleIds(r.report).join(', ')}`);
    assert.match(r.stderr, new RegExp(`compose\\.yaml: checked for docker stack deploy \\(target swarm\\): ${name.replace(/[.]/g, '\\.')}:\\d+ runs "docker stack deploy`), r.stderr);
    assert.equal(check(['--target', 'compose', 'compose.yaml'], dir).code, 0, `${name}: --target compose wins over detection`);
  }
});

test('not detected: another file, a variable, docker compose up', () => {
  for (const text of ['docker stack deploy -c other.yaml demo\n', 'docker stack deploy -c "$FILE" demo\n', 'docker compose -f compose.yaml up -d\n']) {
    const dir = workspace({ 'deploy.sh': text });
    const r = check(['compose.yaml'], dir);
    assert.equal(r.code, 0, `${text}: ${JSON.stringify(r.report.findings)}`);
  }
});

test('stackDeployFiles and detectTarget (the engine part both adapters use)', () => {
  assert.deepEqual(
    stackDeployFiles('x\ndocker stack deploy -c a.yml -c b.yml s && echo\ndocker  stack up --compose-file=c.yml s').map((h) => [h.file, h.line]),
    [['a.yml', 2], ['b.yml', 2], ['c.yml', 3]],
  );
  const hit = detectTarget('/w/deploy/stack.yml', [{ path: '/w/scripts/release.sh', text: 'docker stack deploy -c deploy/stack.yml app' }], '/w');
  assert.equal(hit?.target, 'swarm');
  assert.equal(hit?.line, 1);
  assert.equal(detectTarget('/w/compose.yml', [{ path: '/w/release.sh', text: 'docker stack deploy -c deploy/stack.yml app' }], '/w'), undefined);
});

test('the language server agrees: the aiStack.target setting, and detection from the same scripts as the CLI', async () => {
  const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code));
  const plain = workspace({});
  const detected = workspace({ 'deploy.sh': 'docker stack deploy -c compose.yaml demo\n' });
  const uri = (dir: string) => pathToFileURL(path.join(dir, 'compose.yaml')).href;
  const pair = await startPair({ target: 'swarm' });
  try {
    assert.ok(codes(await pair.open(uri(plain), COMPOSE_CLEAN)).includes('swarm-security-opt-ignored'), 'setting swarm');
  } finally {
    pair.dispose();
  }
  const auto = await startPair({});
  try {
    assert.deepEqual(codes(await auto.open(uri(plain), COMPOSE_CLEAN)), [], 'auto, no script: compose, and the file is clean');
    assert.ok(codes(await auto.open(uri(detected), COMPOSE_CLEAN)).includes('swarm-security-opt-ignored'), 'auto, deploy.sh deploys it: swarm');
  } finally {
    auto.dispose();
  }
});

test('the language server takes a swarm-manager engine (the client\'s opt-in answer) as the last evidence', async () => {
  const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code));
  const plain = workspace({});
  const pinned = workspace({ '.ai-stack.json': JSON.stringify({ target: 'compose' }) });
  const uri = (dir: string) => pathToFileURL(path.join(dir, 'compose.yaml')).href;
  const manager = await startPair({ swarm: { engineIsManager: true } });
  try {
    assert.ok(codes(await manager.open(uri(plain), COMPOSE_CLEAN)).includes('swarm-security-opt-ignored'), 'auto, a manager engine: swarm');
    assert.deepEqual(codes(await manager.open(uri(pinned), COMPOSE_CLEAN)), [], '.ai-stack.json "compose" outranks the engine');
  } finally {
    manager.dispose();
  }
  const explicit = await startPair({ target: 'compose', swarm: { engineIsManager: true } });
  try {
    assert.deepEqual(codes(await explicit.open(uri(plain), COMPOSE_CLEAN)), [], 'aiStack.target compose outranks the engine');
  } finally {
    explicit.dispose();
  }
});

test('--fix --target swarm applies the safe swarm fixes, keeps comments, and docker stack config loads the result', () => {
  const text = `# api for the cluster
services:
  api:
    image: ai-stack-test/api:1.0.0 # pinned
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8000/health"]
      interval: 5s
      retries: 3
      start_period: 20s
`;
  const dir = workspace({ 'compose.yaml': text });
  const before = check(['--target', 'swarm', 'compose.yaml'], dir);
  assert.ok(ruleIds(before.report).includes('swarm-restart-ignored'));
  const fixed = runCli(cli, ['check', '--fix', '--target', 'swarm', 'compose.yaml'], dir);
  assert.ok(fixed.code === 0 || fixed.code === 1, fixed.stderr);
  const out = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
  for (const comment of ['# api for the cluster', '# pinned']) assert.ok(out.includes(comment), out);
  const api = parse(out).services.api;
  assert.equal(api.restart, undefined);
  assert.deepEqual(api.deploy.restart_policy, { condition: 'any' });
  assert.deepEqual(api.deploy.update_config, { parallelism: 1, order: 'start-first', failure_action: 'rollback', monitor: '35s' });
  const after = ruleIds(check(['--target', 'swarm', 'compose.yaml'], dir).report);
  for (const id of ['swarm-restart-ignored', 'swarm-update-config', 'swarm-rollback-config']) assert.ok(!after.includes(id), `${id} left: ${after.join(', ')}`);
  if (DOCKER_CLI) assert.ok(stackConfig(out).ok, stackConfig(out).output);
});

test('the hardened swarm example loads with the real docker CLI', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  const r = stackConfig(fs.readFileSync(path.join(repoRoot, 'examples/swarm/compose.yaml'), 'utf8'));
  assert.ok(r.ok, r.output);
  assert.doesNotMatch(r.output, /ignoring|Ignoring/);
});
