/**
 * The vLLM / TGI service generator through the engine with the real rule set: zero findings
 * standalone, inserted into the examples and into every corpus compose file; the callers keep
 * reaching it (service-unreachable silent, and not silent when the join is undone); an existing
 * server is brought up to the baseline; bad options give a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { analyze, applyEdits } from '../../server/src/engine';
import { durationSeconds } from '../../server/src/engine/shared/duration';
import { addModelServer, MODEL_SERVERS, type ModelServerKind, type ModelServerOptions } from '../../server/src/scaffold';
import { corpusDir } from '../support/corpus';
import { assertOnlyInserted } from '../support/inserted';

const KINDS: ModelServerKind[] = ['vllm', 'tgi'];
const repo = path.resolve(__dirname, '..', '..');

function add(kind: ModelServerKind, text: string | undefined, options: ModelServerOptions = {}) {
  const r = addModelServer(kind, text, options);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.deepEqual(parseDocument(r.text).errors.map((e) => e.message), [], r.text);
  return r;
}

function findings(text: string, filter: (f: { service?: string; ruleId: string }) => boolean = () => true): string[] {
  return analyze('compose.yaml', text)!
    .findings.filter(filter)
    .map((f) => `${f.ruleId}${f.service ? ` (${f.service})` : ''}: ${f.message}`);
}


const OPTION_SETS: [string, ModelServerOptions][] = [
  ['defaults', {}],
  ['2 GPUs, own model, loopback port', { gpuCount: 2, model: 'meta-llama/Llama-3.1-8B-Instruct', publishOnLoopback: true }],
  ['external network, other port and limits', { network: 'models', externalNetwork: true, port: 9000, memoryLimit: '64g', cpus: '16' }],
];

for (const kind of KINDS) {
  for (const [label, options] of OPTION_SETS) {
    test(`${kind} (${label}): a new compose.yaml with zero findings and every hardening the issue asks for`, () => {
      const r = add(kind, undefined, options);
      assert.equal(r.mode, 'created');
      assert.deepEqual(findings(r.text), [], r.text);
      const k = MODEL_SERVERS[kind];
      const js = parseDocument(r.text).toJS() as any;
      const svc = js.services[kind];
      const port = options.port ?? k.port;
      const gpus = options.gpuCount ?? 1;
      assert.match(svc.image, /^[^:]+\/[^:]+:[\w.-]+$/, 'pinned tag');
      assert.doesNotMatch(svc.image, /:latest$/);
      assert.deepEqual(svc.deploy.resources.reservations.devices, [{ driver: 'nvidia', count: gpus, capabilities: ['gpu'] }]);
      if (gpus > 1) assert.ok(svc.command.includes(String(gpus)), 'tensor parallel size / shards follow the GPU count');
      assert.ok(/^\d+gb$/.test(svc.shm_size) && parseInt(svc.shm_size) >= 1, svc.shm_size);
      assert.equal(svc.ipc, undefined);
      assert.ok(svc.volumes.includes(`${k.volume}:${k.cache}`));
      assert.deepEqual(js.volumes[k.volume], {});
      assert.match(svc.environment.HF_TOKEN, /^\$\{HF_TOKEN:\?[^}]+\}$/, 'a required token, never a literal');
      assert.deepEqual(svc.healthcheck.test, ['CMD', 'curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${port}/health`]);
      assert.ok(durationSeconds(svc.healthcheck.start_period)! >= 300, 'start_period covers downloading and loading a model');
      assert.equal(svc.ports === undefined, !options.publishOnLoopback, 'published only when asked');
      if (options.publishOnLoopback) assert.deepEqual(svc.ports, [`127.0.0.1:${port}:${port}`]);
      assert.deepEqual(svc.networks, [options.network ?? 'ailab-network']);
      assert.deepEqual(js.networks[options.network ?? 'ailab-network'], options.externalNetwork ? { external: true, name: 'models' } : { driver: 'bridge' });
      assert.deepEqual(svc.cap_drop, ['ALL']);
      assert.deepEqual(svc.security_opt, ['no-new-privileges:true']);
      assert.equal(svc.read_only, true);
      assert.deepEqual(svc.tmpfs, ['/tmp']);
      assert.ok(svc.pids_limit > 0 && svc.deploy.resources.limits.memory && svc.deploy.resources.limits.cpus);
      assert.equal(svc.logging.options['max-size'], '10m');
      // YAML 1.1 readers (docker-compose 1.x) must not see booleans where strings are meant.
      for (const v of Object.values(svc.environment)) assert.equal(typeof v, 'string');
      assert.doesNotMatch(r.text, /:\s+(off|on|yes|no)\s*$/m);
    });
  }
}

const EXAMPLES = ['examples/stack/compose.yaml', 'examples/hardened/compose.yaml'];

for (const kind of KINDS) {
  for (const file of EXAMPLES) {
    test(`${kind} inserted into ${file} (api as its caller): no new finding in the whole file, other lines unchanged`, () => {
      const text = readFileSync(path.join(repo, file), 'utf8');
      const before = findings(text);
      const r = add(kind, text, { consumers: ['api'] });
      assert.equal(r.mode, 'inserted');
      for (const e of r.edits) assert.equal(e.range.start, e.range.end, 'pure insertions');
      assert.equal(applyEdits(text, r.edits), r.text);
      assertOnlyInserted(text, r.text);
      // Nothing new anywhere (the examples are meant to be clean; other rules' opinions of them are not this test's).
      assert.deepEqual(findings(r.text), before, r.text);
      const svc = (parseDocument(r.text).toJS() as any).services[kind];
      assert.deepEqual(svc.networks, ['ailab-network', 'backend'], 'its own network (egress for downloads) and the api\'s');
      const api = (parseDocument(r.text, { merge: true }).toJS() as any).services.api;
      assert.deepEqual(api.depends_on[kind], { condition: 'service_healthy' }, 'the caller waits for the model to be loaded');
      assert.ok(r.changes.includes(`api.depends_on.${kind} (service_healthy)`), r.changes.join(', '));
    });
  }
  test(`${kind} inserted into the unhardened examples/compose.yaml: the new service has zero findings`, () => {
    const text = readFileSync(path.join(repo, 'examples/compose.yaml'), 'utf8');
    const r = add(kind, text);
    assertOnlyInserted(text, r.text);
    assert.deepEqual(findings(r.text, (f) => f.service === kind), []);
  });
}

/** A caller on its own network naming the server by URL, as apps do. */
function callerStack(kind: ModelServerKind): string {
  const url = `http://${kind}:${MODEL_SERVERS[kind].port}/v1`;
  return `services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      OPENAI_BASE_URL: ${url}\n    networks: [backend]\n  worker:\n    image: ghcr.io/acme/worker:1.4.2\nnetworks:\n  backend:\n    internal: true\n`;
}

function unreachable(text: string): string[] {
  return findings(text, (f) => f.ruleId === 'service-unreachable');
}

for (const kind of KINDS) {
  test(`${kind}: a caller naming ${kind} in a URL keeps reaching it (service-unreachable silent; fires once the join is undone)`, () => {
    const text = callerStack(kind);
    const r = add(kind, text);
    assert.deepEqual(unreachable(r.text), [], r.text);
    assert.deepEqual((parseDocument(r.text).toJS() as any).services[kind].networks, ['ailab-network', 'backend']);
    assert.ok(r.notes.some((n) => n.includes(`"${kind}" also joins backend`)), r.notes.join('\n'));
    // The caller waits for the model to be loaded; model-server-depends-on is silent, and fires without it.
    assert.deepEqual((parseDocument(r.text).toJS() as any).services.api.depends_on, { [kind]: { condition: 'service_healthy' } });
    assert.deepEqual(findings(r.text, (f) => f.ruleId === 'model-server-depends-on'), []);
    const noWait = r.text.replace(`    depends_on:\n      ${kind}:\n        condition: service_healthy\n`, '');
    assert.notEqual(noWait, r.text);
    assert.equal(findings(noWait, (f) => f.ruleId === 'model-server-depends-on').length, 1, noWait);
    // The rule does notice when the server is not on the caller's network.
    const cut = r.text.replace(/networks: \[ailab-network, backend\]/, 'networks: [ailab-network]');
    assert.notEqual(cut, r.text);
    assert.equal(unreachable(cut).length, 1, cut);
    // A caller named by the user joins the list even without a URL (worker is on the default network),
    // and waits for the server to be healthy; worker is the last service, so its new depends_on and
    // the new service are inserted at the same offset: the result must still nest them right.
    const named = add(kind, text, { consumers: ['worker'] });
    const js = parseDocument(named.text).toJS() as any;
    assert.deepEqual(js.services[kind].networks, ['ailab-network', 'backend', 'default']);
    assert.deepEqual(js.services.worker.depends_on, { [kind]: { condition: 'service_healthy' } });
    assertOnlyInserted(text, named.text);
    assert.deepEqual(findings(named.text, (f) => f.service === kind || f.service === 'worker').filter((f) => !/^(cap-drop|no-new-priv|read-only|memory|cpu|pids|logging|restart|healthcheck-required|non-root|service-networks)/.test(f)), []);
    // The short list form cannot take a condition: left to the user, with a note.
    const short = add(kind, text.replace('  worker:\n', '  worker:\n    depends_on: [api]\n'), { consumers: ['worker'] });
    assert.deepEqual((parseDocument(short.text).toJS() as any).services.worker.depends_on, ['api']);
    assert.ok(short.notes.some((n) => n.includes(`"worker" should wait for "${kind}"`)), short.notes.join('\n'));
  });
}

test('an existing vLLM service is brought up to the baseline: existing values win, the published port is left to its rule', () => {
  const text = `services:\n  llm:\n    image: vllm/vllm-openai:v0.6.6 # pinned\n    command: ["--model", "mistralai/Mistral-7B-v0.1"]\n    ports:\n      - "8000:8000"\n    volumes:\n      - hf:/root/.cache/huggingface\n    environment:\n      - VLLM_LOGGING_LEVEL=INFO\nvolumes:\n  hf:\n`;
  const r = add('vllm', text);
  assert.equal(r.mode, 'baseline');
  assertOnlyInserted(text, r.text);
  const js = parseDocument(r.text).toJS() as any;
  assert.deepEqual(Object.keys(js.services), ['llm'], 'no twin');
  const llm = js.services.llm;
  assert.deepEqual(llm.command, ['--model', 'mistralai/Mistral-7B-v0.1'], 'existing command kept');
  assert.deepEqual(llm.volumes, ['hf:/root/.cache/huggingface'], 'its cache volume counts');
  assert.ok(!('vllm-cache' in js.volumes), 'no second cache volume');
  assert.ok(llm.environment.includes('VLLM_LOGGING_LEVEL=INFO') && llm.environment.some((e: string) => e.startsWith('HF_TOKEN=${HF_TOKEN:?')));
  assert.equal(llm.shm_size, '2gb');
  assert.ok(r.notes.some((n) => n.includes('127.0.0.1')), 'warns about the public port');
  const left = findings(r.text, (f) => f.service === 'llm').map((f) => f.split(' ')[0]);
  assert.deepEqual(left, ['model-api-all-interfaces'], r.text);
  const again = add('vllm', r.text);
  assert.equal(again.text, r.text);
  assert.deepEqual(again.changes, []);
});

test('bad options give a message', () => {
  const cases: [ModelServerOptions, RegExp][] = [
    [{ gpuCount: 0 }, /GPU count/],
    [{ gpuCount: 'all' as unknown as number }, /GPU count/],
    [{ model: 'bad model' }, /model id/],
    [{ model: '$(id)' }, /model id/],
    [{ port: 70000 }, /port/],
    [{ network: 'bad name!' }, /network name/],
    [{ consumers: ['nope'] }, /No service "nope"/],
  ];
  for (const [options, re] of cases) {
    const r = addModelServer('vllm', 'services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n', options);
    assert.ok(!r.ok && re.test(r.message), `${JSON.stringify(options)}: ${r.ok ? 'accepted' : r.message}`);
  }
  const r = addModelServer('tgi', undefined, { consumers: ['api'] });
  assert.ok(!r.ok && /no service "api"/i.test(r.message));
});

const corpus = (() => {
  try {
    return corpusDir('compose');
  } catch {
    return undefined;
  }
})();

test('each corpus compose file: the inserted vLLM and TGI services have zero findings, cut no caller off, and their callers wait for them', { skip: (!corpus || !existsSync(corpus)) && 'corpus not found' }, () => {
  const counts = { inserted: 0, baseline: 0 };
  for (const name of readdirSync(corpus!).filter((f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(path.join(corpus!, name), 'utf8');
    const unreachableBefore = unreachable(text).length;
    const waitsBefore = findings(text, (f) => f.ruleId === 'model-server-depends-on').length;
    for (const kind of KINDS) {
      const r = addModelServer(kind, text, { gpuCount: 1 });
      if (!r.ok) {
        // Only files the generator cannot edit safely may be refused, and with a reason.
        assert.match(r.message, /YAML errors|not a mapping/, name);
        continue;
      }
      if (r.mode === 'baseline') {
        counts.baseline++;
        continue;
      }
      assert.deepEqual(findings(r.text, (f) => f.service === kind), [], `${name} (${kind})`);
      assert.ok(unreachable(r.text).length <= unreachableBefore, `${name} (${kind}): a caller lost its way to a service`);
      assert.ok(findings(r.text, (f) => f.ruleId === 'model-server-depends-on').length <= waitsBefore, `${name} (${kind}): a caller does not wait for the new server`);
      counts.inserted++;
    }
  }
  assert.ok(counts.inserted > 40, JSON.stringify(counts));
});
