import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { analyze, applyEdits } from '../../server/src/engine';
import { addOllamaService, OllamaOptions } from '../../client/src/scaffold/generators/ollama';

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

/** Every original line survives unchanged and in order (the edits only insert whole lines or flow text). */
function assertOnlyInserted(before: string, after: string): void {
  const out = after.split('\n');
  let j = 0;
  for (const line of before.split('\n')) {
    while (j < out.length && out[j] !== line) j++;
    assert.ok(j < out.length, `line ${JSON.stringify(line)} was changed or lost:\n${after}`);
    j++;
  }
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
  assert.deepEqual(ollamaFindings(r.text, 'llm').map((f) => f.split(':')[0]).filter((id) => !id.startsWith('port')), []);
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
