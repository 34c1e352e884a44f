// Workspaces, the packaged CLI and Docker for the scenarios. Commands are argument arrays (no shell).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
export const TEST_IMAGE = 'ai-stack-test/busybox:1.36.1';

/** A fresh folder under `root` holding a copy of examples/ (or nothing), plus extra files. */
export function makeWorkspace(root, name, { examples = true, files = {} } = {}) {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  if (examples) cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** `ai-stack check … --format json` with the CLI inside the installed extension (what users get). */
export function cliFindings(cliJs, files, cwd) {
  const r = spawnSync(process.execPath, [cliJs, 'check', ...files, '--format', 'json'], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ai-stack check failed (exit ${r.status}): ${r.stderr}`);
  const json = JSON.parse(r.stdout);
  return json.findings.map((f) => ({ ...f, file: path.relative(cwd, path.resolve(cwd, f.file)) }));
}

export function cliFix(cliJs, file) {
  const r = spawnSync(process.execPath, [cliJs, 'check', '--fix', file], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ai-stack check --fix failed (exit ${r.status}): ${r.stderr}`);
}

export function docker(args, opts = {}) {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000, ...opts }).trim();
}

export function compose(dir, project, args) {
  return execFileSync('docker-compose', ['-p', project, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function dockerReady() {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0;
}

/** Makes sure dockerd runs and the local busybox image exists (never pulls). */
export function ensureDocker() {
  if (dockerReady() && spawnSync('docker', ['image', 'inspect', TEST_IMAGE]).status === 0) return;
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'docker-env.sh')], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`scripts/docker-env.sh failed: ${r.stderr || r.stdout}`);
}

export function containerOf(project, service) {
  return docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`]);
}

export function healthOf(id) {
  return docker(['inspect', '--format', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', id]);
}

/** Removes every container, network and volume of a compose project (idempotent). */
export function composeDown(dir, project) {
  spawnSync('docker-compose', ['-p', project, 'down', '-v', '-t', '0', '--remove-orphans'], { cwd: dir, timeout: 120_000 });
}

/**
 * Two busybox services whose healthcheck tests a file, so `rm` of that file makes one unhealthy.
 * The check runs every second; its generous timeout keeps a busy machine from failing it.
 */
export function healthProjectCompose({ port }) {
  const svc = (cmd) => `    image: ${TEST_IMAGE}
    command: ["sh", "-c", "${cmd}"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/healthy"]
      interval: 1s
      timeout: 10s
      retries: 2
`;
  return `services:
  web:
${svc('mkdir -p /www && echo ok > /www/health && echo ok > /www/ready && touch /tmp/healthy && exec httpd -f -p 8080 -h /www')}    ports:
      - "127.0.0.1:${port}:8080"
  worker:
${svc('touch /tmp/healthy && exec sleep 3600')}`;
}
