import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';

test('service-shape: reports each type problem at the exact node with what it got', () => {
  const text = `services:
  api:
    image: x:1.2.3
    ports: "8080:80"
    environment: 3
    healthcheck:
      test: [CMD, true]
      retries: [5]
    depends_on:
      db:
        condition: service_ready
    deploy:
      resources:
        limits: [memory]
    cap_add: NET_ADMIN
    user: {name: app}
    volumes:
      - ./a:/a
      - 42
`;
  const fs = findings(text, 'service-shape');
  assert.deepEqual(
    fs.map((f) => [underlined(text, f).split('\n')[0], f.message]),
    [
      ['"8080:80"', 'ports must be a list, got a string (service "api").'],
      ['3', 'environment must be a mapping or a list, got a number (service "api").'],
      ['true', 'healthcheck.test[1] must be a string, got true (service "api").'],
      ['[5]', 'healthcheck.retries must be a number, got a list (service "api").'],
      ['service_ready', 'depends_on.db.condition must be service_started, service_healthy or service_completed_successfully, got a string (service "api").'],
      ['[memory]', 'deploy.resources.limits must be a mapping, got a list (service "api").'],
      ['NET_ADMIN', 'cap_add must be a list, got a string (service "api").'],
      ['{name: app}', 'user must be a string or a number, got a mapping (service "api").'],
      ['42', 'volumes[1] must be a string or a mapping, got a number (service "api").'],
    ],
  );
  assert.equal(fs[0].severity, 'error');
});

test('service-shape: a service that is not a mapping is reported on its key; other rules skip it', () => {
  const text = `services:\n  api: nginx:1.27.3\n  web:\n  ok: {image: x:1.2.3}\n`;
  const fs = findings(text, 'service-shape');
  assert.deepEqual(fs.map((f) => [underlined(text, f), f.message]), [
    ['api', 'Service "api" must be a mapping of settings, got a string.'],
    ['web', 'Service "web" must be a mapping of settings, got nothing.'],
  ]);
  assert.ok(!check(text).findings.some((f) => f.ruleId === 'internal-error'));
});

test('service-shape: quiet on well-typed services, interpolated booleans/numbers and extension keys', () => {
  const text = `x-base: &base
  restart: unless-stopped
  logging: {driver: json-file, options: {max-size: 10m, max-file: 3}}
services:
  api:
    <<: *base
    image: x:1.2.3
    build: {context: ., args: [A=1]}
    command: [uvicorn, app:app]
    ports: ["127.0.0.1:8000:8000", 9000, {target: 80, published: "8080", host_ip: 127.0.0.1}]
    environment: {A: 1, B: true, C: null, D: text}
    env_file: [.env, {path: .env.local, required: false}]
    depends_on: {db: {condition: service_healthy, restart: true}}
    healthcheck: {test: "wget -qO- http://127.0.0.1:8000/ || exit 1", interval: 10s, retries: 5}
    deploy: {resources: {limits: {cpus: "1.0", memory: 512M, pids: 100}, reservations: {devices: [{driver: nvidia, count: all, capabilities: [gpu]}]}}}
    volumes: [data:/data, {type: bind, source: ./a, target: /a, read_only: true}]
    user: 1000
    read_only: \${READ_ONLY:-true}
    cpus: 0.5
    networks: {backend: null, front: {aliases: [api]}}
    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
    x-ai-stack: {ignore: [cap-drop-all]}
    some_future_key: {anything: [goes]}
  db:
    image: postgres:16.11-alpine3.21
    depends_on: [api]
    environment: [A=1, B]
`;
  assert.deepEqual(findings(text, 'service-shape').map((f) => f.message), []);
});

test('service-shape: a wrong type inherited from an anchor points at the service, related info at the anchor', () => {
  const text = `x-bad: &bad\n  ports: "80:80"\nservices:\n  api:\n    <<: *bad\n    image: x:1.2.3\n`;
  const [f] = findings(text, 'service-shape');
  assert.equal(underlined(text, f), 'api');
  assert.equal(text.slice(f.related![0].range.start, f.related![0].range.end), '*bad');
});


test('service-shape never throws on odd YAML', () => {
  for (const text of ['services:\n  api: [1, 2]\n', 'services:\n  api: {ports: {a: [}\n', 'services: 3\n', 'services:\n  ? [a]\n  : {image: 1}\n', 'services:\n  api: &a {image: x, ports: *a}\n']) {
    const a = check(text);
    assert.ok(!a.findings.some((f) => f.ruleId === 'internal-error'), text);
  }
});
