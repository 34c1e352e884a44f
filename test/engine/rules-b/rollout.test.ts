// Rules for updates without downtime behind a reverse proxy (issue 13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

const stack = (app: string, extra = '') =>
  `services:\n  proxy:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:8080:80"]\n    depends_on: [api]\n  api:\n    image: example/api:1.2.3\n${app}  db:\n    image: postgres:16.4\n${extra}`;

test('stop-grace-period-served: an app behind the proxy without stop_grace_period, or a short one; fix adds 30s', () => {
  const text = stack('    expose: ["8000"]\n');
  const [f] = findings(text, 'stop-grace-period-served');
  assert.equal(underlined(text, f), 'api');
  assert.match(f.message, /"api" is served through "proxy" but has no stop_grace_period: on an update Docker kills it 10 s after SIGTERM/);
  assert.ok(applyFix(text, 'stop-grace-period-served').includes('    expose: ["8000"]\n    stop_grace_period: 30s\n'));
  const short = stack('    stop_grace_period: 5s\n');
  const [g] = findings(short, 'stop-grace-period-served');
  assert.equal(underlined(short, g), '5s');
  assert.deepEqual(findings(stack('    stop_grace_period: 1m\n'), 'stop-grace-period-served'), []);
  // No proxy: not reported (the db and a plain app stack are not its business).
  assert.deepEqual(findings('services:\n  api:\n    image: example/api:1.2.3\n', 'stop-grace-period-served'), []);
});

test('container-name-blocks-update: container_name on a served app; the unsafe fix removes it', () => {
  const text = stack('    container_name: api\n    stop_grace_period: 30s\n');
  const [f] = findings(text, 'container-name-blocks-update');
  assert.equal(underlined(text, f), 'container_name');
  assert.match(f.message, /a second container cannot be started beside it/);
  const out = applyFix(text, 'container-name-blocks-update');
  assert.ok(!out.includes('container_name'), out);
  assert.deepEqual(findings(stack('    stop_grace_period: 30s\n', '    container_name: db\n'), 'container-name-blocks-update'), [], 'the database is not served through the proxy');
});

test('fixed-host-port-behind-proxy: a published host port on a served app; UDP and its TCP twin pass', () => {
  const text = stack('    ports: ["127.0.0.1:8000:8000"]\n');
  const [f] = findings(text, 'fixed-host-port-behind-proxy');
  assert.equal(underlined(text, f), '"127.0.0.1:8000:8000"');
  assert.match(f.message, /publishes host port 8000: a second container cannot bind it during an update.*expose: \["8000"\]/);
  assert.deepEqual(findings(stack('    ports: ["8443:8443/udp", "8443:8443/tcp"]\n'), 'fixed-host-port-behind-proxy'), []);
  assert.deepEqual(findings(stack('    expose: ["8000"]\n'), 'fixed-host-port-behind-proxy'), []);
});

test('model-app-start-period: a model-loading service whose healthcheck has no start_period; fix adds 120s', () => {
  const text = `services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.0.1\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://127.0.0.1/health"]\n      interval: 10s\n`;
  const [f] = findings(text, 'model-app-start-period');
  assert.equal(underlined(text, f), 'healthcheck');
  assert.match(f.message, /loads a model \(its image huggingface\/text-generation-inference is a model server\)/);
  assert.ok(applyFix(text, 'model-app-start-period').includes('      interval: 10s\n      start_period: 120s\n'));
  const env = `services:\n  api:\n    image: example/api:1.2.3\n    environment:\n      HF_MODEL_ID: BAAI/bge-small-en\n    healthcheck:\n      test: ["CMD", "true"]\n`;
  assert.match(findings(env, 'model-app-start-period')[0].message, /it sets HF_MODEL_ID/);
  // A remote API's model name is not a model load; a start_period passes.
  assert.deepEqual(findings(env.replace('HF_MODEL_ID', 'MODEL_NAME'), 'model-app-start-period'), []);
  assert.deepEqual(findings(text.replace('interval: 10s', 'start_period: 60s'), 'model-app-start-period'), []);
});

test('proxy-all-interfaces: a proxy without a host IP or on 0.0.0.0; port-host-ip-required leaves proxies to it; unsafe 127.0.0.1 fix', () => {
  const text = `services:\n  proxy:\n    image: caddy:2.9.1\n    depends_on: [api]\n    ports:\n      - "80:80"\n      - "0.0.0.0:443:443"\n      - "203.0.113.7:8443:443"\n  api:\n    image: example/api:1.2.3\n    ports: ["8000:8000"]\n`;
  const fs = findings(text, 'proxy-all-interfaces');
  assert.deepEqual(fs.map((f) => underlined(text, f)), ['"80:80"', '"0.0.0.0:443:443"']);
  assert.equal(fs[0].severity, 'info');
  assert.match(fs[0].message, /Proxy "proxy" publishes port 80:80 without a host IP, i\.e\. on every interface of the host: bind it to the address clients use/);
  assert.deepEqual(findings(text, 'port-host-ip-required').map((f) => f.service), ['api'], 'the proxy is reported once, by proxy-all-interfaces');
  assert.deepEqual(findings(text, 'port-no-wildcard-bind'), []);
  assert.ok(applyFix(text, 'proxy-all-interfaces').includes('      - "127.0.0.1:80:80"\n'));
});
