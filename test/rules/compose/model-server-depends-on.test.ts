import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';

const RULE = 'model-server-depends-on';

const stack = (appExtra = '') => [
  'services:',
  '  app:',
  '    image: app:1.2.3',
  '    environment:',
  '      OPENAI_BASE_URL: http://vllm:8000/v1 # the model server',
  appExtra,
  '  vllm:',
  '    image: vllm/vllm-openai:v0.8.5',
  '    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8000/health"], start_period: 5m}',
  '',
].filter((l) => l !== '').join('\n') + '\n';

test('model-server-depends-on: a caller without depends_on on the model server; fix waits for healthy and keeps comments', () => {
  const text = stack();
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['app']);
  assert.equal(underlined(text, list[0]), 'vllm');
  const out = applyFix(text, RULE, 0);
  assert.deepEqual(parse(out).services.app.depends_on, { vllm: { condition: 'service_healthy' } });
  const withMap = stack('    depends_on:\n      db: {condition: service_started}');
  const out2 = applyFix(withMap.replace('services:\n', 'services:\n  db:\n    image: postgres:16.4\n'), RULE, 0);
  assert.deepEqual(Object.keys(parse(out2).services.app.depends_on), ['db', 'vllm']);
});

test('model-server-depends-on: silent when the caller depends on it; no fix without a healthcheck or with profiles', () => {
  assert.equal(findings(stack('    depends_on: [vllm]'), RULE).length, 0, 'list form: depends-on-healthy upgrades it');
  assert.equal(findings(stack('    depends_on: {vllm: {condition: service_healthy}}'), RULE).length, 0);
  const noHealth = stack().replace(/    healthcheck:.*\n/, '');
  const list = findings(noHealth, RULE);
  assert.equal(list.length, 1);
  assert.match(list[0].message, /once "vllm" has a healthcheck/);
  assert.equal(check(noHealth).fix(list[0]), undefined);
  const profiled = stack().replace('  vllm:\n', '  vllm:\n    profiles: [gpu]\n');
  assert.equal(check(profiled).fix(findings(profiled, RULE)[0]), undefined, 'a dependency on a profile service fails when the profile is off');
  assert.equal(findings(`services:\n  app:\n    image: app:1.2.3\n    environment: {DB: postgres://db:5432/x}\n  db:\n    image: postgres:16.4\n`, RULE).length, 0, 'not a model server');
});

test('model-server-depends-on: a URL inherited from a shared anchor is not evidence that the service calls the server', () => {
  const text = `x-app: &app\n  image: app:1.2.3\n  environment:\n    OLLAMA_BASE_URL: http://ollama:11434\nservices:\n  migrate:\n    <<: *app\n    command: [alembic, upgrade, head]\n  ollama:\n    image: ollama/ollama:0.5.7\n    healthcheck: {test: [CMD, ollama, list]}\n`;
  assert.equal(findings(text, RULE).length, 0);
});
