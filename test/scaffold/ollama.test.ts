import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { analyze, applyEdits } from '../../server/src/engine';
import { addOllamaService, OllamaOptions } from '../../server/src/scaffold/ollama';
import { assertOnlyInserted } from '../support/inserted';

function add(text: string | undefined, options: OllamaOptions = {}) {
  const r = addOllamaService(text, options);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.deepEqual(parseDocument(r.text).errors.map((e) => e.message), [], r.text);
  return r;
}

/** Findings of our compose rules that concern the added service or the file as a whole. */
function ollamaFindings(text: string, service = 'ollama'): string[] {
  return analyze('compose.yaml', text)!
    .findings.filter((f) => f.service === service || (!f.service && !/^(env-|project-file)/.test(f.ruleId)))
    .map((f) => `${f.ruleId}: ${f.message}`);
}


const STYLES: Record<string, string> = {
  'block, 2 spaces, comments': `# stack\nservices:\n  api: # the API\n    image: ghcr.io/acme/api:1.4.2\n    ports:\n      - "127.0.0.1:8000:8000"  # local only\n\n# the end\n`,
  'block, 4 spaces, anchors': `x-logging: &logging\n    driver: json-file\n    options:\n        max-size: 10m\nx-common: &common\n    restart: unless-stopped\nservices:\n    api:\n        <<: *common\n        logging: *logging\n        image: ghcr.io/acme/api:1.4.2\nvolumes:\n    data: {}\nnetworks:\n    backend:\n        driver: bridge\n`,
  'flow services': `services: {api: {image: "ghcr.io/acme/api:1.4.2"}}\nvolumes: {}\n`,
  'sequences not indented': `services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n    - A=1\nnetworks:\n`,
  'no trailing newline': `services:\n  api:\n    image: ghcr.io/acme/api:1.4.2`,
  'CRLF': `services:\r\n  api:\r\n    image: ghcr.io/acme/api:1.4.2\r\n`,
  'empty services': `services:\n`,
  'only comments': `# nothing yet\n`,
};

for (const [name, text] of Object.entries(STYLES)) {
  test(`insert into "${name}": other lines byte-identical, service has zero findings, file parses`, () => {
    const r = add(text, { gpuCount: 2 });
    // Pure insertions reproduce the result, so nothing of the original was rewritten…
    if (r.mode === 'inserted') {
      for (const e of r.edits) assert.equal(e.range.start, e.range.end, 'edits are pure insertions');
      assert.equal(applyEdits(text, r.edits), r.text);
    }
    // …and in block style every original line is still there, unchanged and in order.
    if (!name.startsWith('flow')) assertOnlyInserted(text, r.text);
    if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(r.text), 'CRLF stays CRLF');
    assert.deepEqual(ollamaFindings(r.text), [], r.text);
    const js = parseDocument(r.text).toJS() as any;
    const svc = js.services.ollama;
    assert.equal(svc.deploy.resources.reservations.devices[0].count, 2);
    assert.deepEqual(svc.deploy.resources.reservations.devices[0].capabilities, ['gpu']);
    assert.equal(svc.deploy.resources.reservations.devices[0].driver, 'nvidia');
    assert.ok(svc.volumes.includes('ollama-models:/root/.ollama'));
    assert.ok('ollama-models' in js.volumes && 'ailab-network' in js.networks);
    assert.deepEqual(svc.healthcheck.test, ['CMD', 'ollama', 'list']);
    assert.equal(svc.ports, undefined, 'no host port by default');
  });
}

test('indentation follows the file: 4-space files get 4-space service blocks', () => {
  const r = add(STYLES['block, 4 spaces, anchors']);
  assert.match(r.text, /\n {4}ollama:\n {8}image: ollama\/ollama:/);
  assert.match(r.text, /\n {4}ollama-models: \{\}/);
  assert.match(r.text, /\n {4}backend:\n {8}driver: bridge\n {4}ailab-network:\n {8}driver: bridge/);
});

test('a new file: compose.yaml text with the service, volume and network; zero findings', () => {
  const r = add(undefined, { network: 'models-net', externalNetwork: true, gpuCount: 'all', publishOnLoopback: true });
  assert.equal(r.mode, 'created');
  const js = parseDocument(r.text).toJS() as any;
  assert.deepEqual(js.networks['models-net'], { external: true, name: 'models-net' });
  assert.deepEqual(js.services.ollama.ports, ['127.0.0.1:11434:11434']);
  assert.equal(js.services.ollama.deploy.resources.reservations.devices[0].count, 'all');
  assert.deepEqual(ollamaFindings(r.text), [], r.text);
  assert.ok(r.notes.some((n) => n.includes('docker network create models-net')));
});

test('an existing Ollama service is brought up to the baseline instead of getting a twin', () => {
  const text = `services:\n  llm:\n    image: ollama/ollama:0.5.7 # pinned\n    environment:\n      - OLLAMA_KEEP_ALIVE=24h\n    volumes:\n      - models:/root/.ollama\n    ports:\n      - "11434:11434"\nvolumes:\n  models:\n`;
  const r = add(text);
  assert.equal(r.mode, 'baseline');
  assertOnlyInserted(text, r.text);
  const js = parseDocument(r.text).toJS() as any;
  assert.deepEqual(Object.keys(js.services), ['llm']);
  assert.ok(js.services.llm.environment.includes('OLLAMA_KEEP_ALIVE=24h'), 'existing values win');
  assert.ok(js.services.llm.environment.includes('OLLAMA_NUM_PARALLEL=2'));
  assert.ok(js.services.llm.deploy.resources.reservations.devices);
  assert.ok(r.notes.some((n) => n.includes('127.0.0.1')), 'warns about the public port');
  // Only the published port (left to the user and the port rule's own fix) remains.
  // (For a model server the published port is model-api-all-interfaces' finding, not the generic port rules'.)
  assert.deepEqual(ollamaFindings(r.text, 'llm').map((f) => f.split(':')[0]).filter((id) => !id.startsWith('port') && id !== 'model-api-all-interfaces'), []);
  // Running it again changes nothing.
  const again = add(r.text);
  assert.equal(again.text, r.text);
  assert.deepEqual(again.changes, []);
});

test('bad input gives a message', () => {
  for (const [text, re] of [['services: [a, b]\n', /not a mapping/], ['- a\n', /not a mapping/], ['services:\n  a: [\n', /YAML errors/]] as const) {
    const r = addOllamaService(text);
    assert.ok(!r.ok && re.test(r.message), text);
  }
  const r = addOllamaService('services: {}\n', { network: 'bad name!' });
  assert.ok(!r.ok && /network name/.test(r.message));
  const c = addOllamaService('services: {}\n', { gpuCount: 0 });
  assert.ok(!c.ok && /GPU count/.test(c.message));
});

/** service-unreachable findings: callers that could not reach the service after the change. */
function unreachable(text: string): string[] {
  return analyze('compose.yaml', text)!
    .findings.filter((f) => f.ruleId === 'service-unreachable')
    .map((f) => f.message);
}

const CALLERS: Record<string, { text: string; networks: string[] }> = {
  'block, no networks section': {
    text: `services:\n  api: # calls the model\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      OLLAMA_BASE_URL: http://ollama:11434\n  worker:\n    image: ghcr.io/acme/worker:1.4.2\n    environment:\n      - LLM_URL=http://ollama:11434/v1\n  db:\n    image: postgres:16.4\n`,
    networks: ['ailab-network', 'default'],
  },
  'block, existing networks section': {
    text: `services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    networks: [backend]\n    environment:\n      OLLAMA_HOST: ollama:11434\n  worker:\n    image: ghcr.io/acme/worker:1.4.2\n    command: ["worker", "--llm", "http://ollama:11434"]\n    networks:\n      jobs:\n        aliases: [w]\nnetworks:\n  backend: {}\n  jobs: {}\n`,
    networks: ['ailab-network', 'backend', 'jobs'],
  },
  'flow services, no networks section': {
    text: `services: {api: {image: "ghcr.io/acme/api:1.4.2", environment: ["OLLAMA_BASE_URL=http://ollama:11434"]}, worker: {image: "ghcr.io/acme/worker:1.4.2", command: "run --llm http://ollama:11434"}}\n`,
    networks: ['ailab-network', 'default'],
  },
  'flow services, existing networks section': {
    text: `services: {api: {image: "ghcr.io/acme/api:1.4.2", networks: [backend], environment: {OLLAMA_BASE_URL: "http://ollama:11434"}}, worker: {image: "ghcr.io/acme/worker:1.4.2", environment: {OLLAMA_HOST: "http://ollama:11434"}}}\nnetworks: {backend: {}}\n`,
    networks: ['ailab-network', 'backend', 'default'],
  },
};

for (const [name, { text, networks }] of Object.entries(CALLERS)) {
  test(`callers of ollama:11434 keep reaching it ("${name}"): the new service joins their networks`, () => {
    const r = add(text);
    assert.deepEqual(unreachable(r.text), [], r.text);
    const js = parseDocument(r.text).toJS() as any;
    assert.deepEqual(js.services.ollama.networks, networks);
    assert.ok('ailab-network' in js.networks);
    assert.ok(r.notes.some((n) => n.includes('"ollama" also joins')), r.notes.join('\n'));
    // …and wait for it to be healthy where their depends_on can say so (map form or none).
    assert.deepEqual(analyze('compose.yaml', r.text)!.findings.filter((f) => f.ruleId === 'model-server-depends-on').map((f) => f.message), [], r.text);
    for (const caller of ['api', 'worker']) if (js.services[caller]) assert.deepEqual(js.services[caller].depends_on, { ollama: { condition: 'service_healthy' } }, caller);
    if (!name.startsWith('flow')) assertOnlyInserted(text, r.text);
    assert.deepEqual(ollamaFindings(r.text), [], r.text);
  });
}

test('without callers the new service stays on its own network; an existing Ollama on the default network stays there', () => {
  const alone = add(`services:\n  api:\n    image: ghcr.io/acme/api:1.4.2\n`);
  assert.deepEqual((parseDocument(alone.text).toJS() as any).services.ollama.networks, ['ailab-network']);
  const text = `services:\n  llm:\n    image: ollama/ollama:0.5.7\n  api:\n    image: ghcr.io/acme/api:1.4.2\n    environment:\n      OLLAMA_BASE_URL: http://llm:11434\n`;
  const r = add(text);
  assert.equal(r.mode, 'baseline');
  assert.deepEqual((parseDocument(r.text).toJS() as any).services.llm.networks, ['ailab-network', 'default']);
  assert.deepEqual(unreachable(r.text), [], r.text);
});
