/**
 * The generated vLLM / TGI services start on the real Docker engine (docker-compose 1.29) and turn
 * healthy, with every hardening setting in force. No model image can be pulled here, so the test's
 * copy maps the image explicitly to a stand-in built from the project's busybox
 * (ai-stack-test/model-server-stand-in): it takes the servers' arguments (--model / --model-id,
 * --port), needs HF_TOKEN, writes "weights" into the Hugging Face cache (the volume), and serves
 * /health and /v1/models with busybox httpd from the tmpfs /tmp; a `curl` stand-in runs the
 * generated healthcheck with busybox wget. This host has no GPU, so the copy also drops the device
 * reservation (checked present first). Containers, volumes, networks and the image are removed
 * even when a step fails.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { analyze } from '../../server/src/engine';
import { addModelServer, MODEL_SERVERS, type ModelServerKind } from '../../server/src/scaffold';
import { docker, engineAvailable } from './standins';

const composeCli = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' }).status === 0;
const engine = engineAvailable();
if ((!engine || !composeCli) && process.env.CI) throw new Error('the Docker engine and docker-compose are needed (CI is set).');
const skip = !engine ? 'no Docker engine: skipping' : !composeCli ? 'docker-compose not installed: skipping' : false;

const STAND_IN = `ai-stack-test/model-server-stand-in:${process.pid}`;
const BASE = 'ai-stack-test/busybox:1.36.1';
/** Not a real token: the stand-in only checks that compose passed one. */
const TOKEN = 'hf_stand_in_not_a_real_token';

const SERVER = `#!/bin/sh
# Stand-in for vLLM (--model ID --port N) and TGI (--model-id ID --port N).
model=""; port=""; cache=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; cache="\${HF_HOME:-/root/.cache/huggingface}"; shift ;;
    --model-id) model="$2"; cache="\${HF_HOME:-/data}"; shift ;;
    --port) port="$2"; shift ;;
  esac
  shift
done
[ -n "$model" ] && [ -n "$port" ] || { echo "stand-in: --model/--model-id and --port are required" >&2; exit 2; }
[ -n "$HF_TOKEN" ] || { echo "stand-in: HF_TOKEN is empty" >&2; exit 1; }
# "Download" the weights into the Hugging Face cache layout, then "load" them.
dir="$cache/hub/models--$(echo "$model" | sed 's#/#--#g')"
mkdir -p "$dir" && echo "stand-in weights" > "$dir/weights" || exit 1
www=/tmp/www
mkdir -p "$www/v1" || exit 1
printf '{"status":"ok"}' > "$www/health"
printf '{"object":"list","data":[{"id":"%s","object":"model"}]}' "$model" > "$www/v1/models"
echo "stand-in: serving $model on $port"
exec httpd -f -p "0.0.0.0:$port" -h "$www"
`;

const CURL = `#!/bin/sh
# Stand-in for curl as the generated healthcheck calls it (curl -fsS -o FILE URL), with busybox wget.
out=-; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift ;;
    -*) ;;
    *) url="$1" ;;
  esac
  shift
done
exec wget -q -O "$out" "$url"
`;

let work = '';

before(() => {
  if (skip) return;
  work = mkdtempSync(path.join(os.tmpdir(), 'aistack-test-model-'));
  const ctx = path.join(work, 'image');
  mkdirSync(ctx);
  writeFileSync(path.join(ctx, 'model-server'), SERVER);
  writeFileSync(path.join(ctx, 'curl'), CURL);
  chmodSync(path.join(ctx, 'model-server'), 0o755);
  chmodSync(path.join(ctx, 'curl'), 0o755);
  writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${BASE}\nCOPY model-server curl /usr/local/bin/\nLABEL ai-stack-test=model-server-stand-in\nENTRYPOINT ["/usr/local/bin/model-server"]\n`);
  const built = docker(['build', '-q', '-t', STAND_IN, ctx]);
  assert.equal(built.code, 0, `stand-in build failed (is ${BASE} there? bash scripts/docker-env.sh builds it):\n${built.err}`);
});

after(() => {
  if (skip) return;
  docker(['rmi', '-f', STAND_IN]);
  if (work) rmSync(work, { recursive: true, force: true });
});

function compose(dir: string, project: string, args: string[], env: Record<string, string> = { HF_TOKEN: TOKEN }) {
  const r = spawnSync('docker-compose', ['-f', path.join(dir, 'compose.yaml'), '-p', project, ...args], { cwd: dir, encoding: 'utf8', timeout: 180_000, env: { PATH: process.env.PATH ?? '', ...env } });
  return { code: r.status ?? 1, out: r.stdout ?? '', err: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** Polls the container's health until healthy, failing at once on unhealthy or exit; bounded. */
function waitHealthy(id: string, timeoutMs: number): string {
  const end = Date.now() + timeoutMs;
  let state = '';
  while (Date.now() < end) {
    state = docker(['inspect', '-f', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', id]).out.trim();
    if (state === 'running healthy' || /unhealthy|exited|dead/.test(state)) return state;
    spawnSync('sleep', ['1']);
  }
  return state;
}

/** A caller of the server on an internal network (the generator makes it wait for the server to be healthy). */
function callerStack(kind: ModelServerKind): string {
  const k = MODEL_SERVERS[kind];
  return `services:\n  app:\n    image: ${BASE}\n    command: ["sleep", "3600"]\n    environment:\n      OPENAI_BASE_URL: http://${kind}:${k.port}/v1\n    networks: [backend]\nnetworks:\n  backend:\n    internal: true\n`;
}

for (const kind of ['vllm', 'tgi'] as ModelServerKind[]) {
  test(`${kind}: the generated service starts on the real engine, turns healthy, its caller reaches it, hardening in force`, { skip, timeout: 300_000 }, () => {
    const k = MODEL_SERVERS[kind];
    // Limits this 2-CPU host accepts (Docker refuses more CPUs than the host has); everything else as generated.
    const r = addModelServer(kind, callerStack(kind), { cpus: '1', memoryLimit: '512m', model: 'Qwen/Qwen2.5-0.5B-Instruct', consumers: ['app'] });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.ok(r.changes.includes(`app.depends_on.${kind} (service_healthy)`), r.changes.join(', '));
    assert.deepEqual(analyze('compose.yaml', r.text)!.findings.filter((f) => f.service === kind).map((f) => f.ruleId), [], r.text);

    // The test's copy: the image mapped explicitly to the stand-in, the GPU reservation dropped (no GPU here).
    const doc = parseDocument(r.text);
    assert.equal(doc.getIn(['services', kind, 'image']), k.image());
    doc.setIn(['services', kind, 'image'], STAND_IN);
    assert.ok(doc.getIn(['services', kind, 'deploy', 'resources', 'reservations', 'devices']), 'the reservation is generated');
    doc.deleteIn(['services', kind, 'deploy', 'resources', 'reservations']);
    const dir = mkdtempSync(path.join(work, `${kind}-`));
    writeFileSync(path.join(dir, 'compose.yaml'), doc.toString());
    const project = `aistack-test-model-${kind}-${process.pid}`;
    let left: string[] = [];
    try {
      // Fail fast without the token: compose refuses before creating anything.
      const noToken = compose(dir, project, ['config', '-q'], {});
      assert.notEqual(noToken.code, 0);
      assert.match(noToken.err, /HF_TOKEN must be set/);

      const up = compose(dir, project, ['up', '-d']);
      assert.equal(up.code, 0, `up failed:\n${up.err}\n${compose(dir, project, ['logs', '--no-color']).out}`);
      const id = compose(dir, project, ['ps', '-q', kind]).out.trim();
      assert.ok(id, 'container id');
      const state = waitHealthy(id, 120_000);
      assert.equal(state, 'running healthy', `state ${state}; logs:\n${docker(['logs', id]).err}${docker(['logs', id]).out}`);

      // The caller, on the internal network only, reaches the API by service name.
      const models = compose(dir, project, ['exec', '-T', 'app', 'wget', '-qO-', `http://${kind}:${k.port}/v1/models`]);
      assert.equal(models.code, 0, models.err);
      assert.match(models.out, /"id":"Qwen\/Qwen2\.5-0\.5B-Instruct"/);
      // The weights went to the named volume, where the next container finds them.
      const cached = compose(dir, project, ['exec', '-T', kind, 'ls', `${k.cache}${kind === 'vllm' ? '/huggingface' : ''}/hub`]);
      assert.match(cached.out, /models--Qwen--Qwen2\.5-0\.5B-Instruct/, cached.err);
      // The root filesystem is read-only; /tmp (tmpfs) is where the server writes.
      assert.notEqual(compose(dir, project, ['exec', '-T', kind, 'touch', '/probe']).code, 0, 'root filesystem writable');

      const host = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', id]).out) as Record<string, any>;
      assert.equal(host.ReadonlyRootfs, true);
      assert.deepEqual(host.CapDrop, ['ALL']);
      assert.ok(host.SecurityOpt.includes('no-new-privileges:true'), host.SecurityOpt);
      assert.equal(host.ShmSize, Number.parseInt(k.shm) * 1024 ** 3);
      assert.equal(host.PidsLimit, 4096);
      assert.equal(host.Memory, 512 * 1024 ** 2);
      assert.equal(host.LogConfig.Type, 'json-file');
      assert.deepEqual(host.PortBindings ?? {}, {}, 'nothing published');
      const mounts = JSON.parse(docker(['inspect', '-f', '{{json .Mounts}}', id]).out) as { Type: string; Name?: string; Destination: string }[];
      assert.ok(mounts.some((m) => m.Type === 'volume' && m.Name === `${project}_${k.volume}` && m.Destination === k.cache), JSON.stringify(mounts));
      const nets = Object.keys(JSON.parse(docker(['inspect', '-f', '{{json .NetworkSettings.Networks}}', id]).out));
      assert.deepEqual(nets.sort(), [`${project}_ailab-network`, `${project}_backend`]);
      // The token is passed, never echoed.
      assert.doesNotMatch(docker(['logs', id]).out + docker(['logs', id]).err, new RegExp(TOKEN));
    } finally {
      compose(dir, project, ['down', '-v', '--remove-orphans', '-t', '1']);
      left = [
        docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).out.trim(),
        docker(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`]).out.trim(),
        docker(['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`]).out.trim(),
      ].filter(Boolean);
    }
    assert.deepEqual(left, [], 'everything the test created is gone');
  });
}
