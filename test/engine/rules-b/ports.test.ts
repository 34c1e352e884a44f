import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fourSpaces } from './helpers';

test('port-no-wildcard-bind fires on 0.0.0.0, :: and [::] and fixes to 127.0.0.1', () => {
  const text = `services:\n  web: # front\n    image: nginx:1.27.3\n    ports:\n      - "0.0.0.0:8080:80" # public\n      - "[::]:8443:443/tcp"\n`;
  const list = findings(text, 'port-no-wildcard-bind');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['"0.0.0.0:8080:80"', '"[::]:8443:443/tcp"']);
  const once = applyFix(text, 'port-no-wildcard-bind');
  assert.ok(once.includes('- "127.0.0.1:8080:80" # public'));
  const twice = applyFix(once, 'port-no-wildcard-bind');
  assert.ok(twice.includes('- "127.0.0.1:8443:443/tcp"'));
  assert.equal(findings(twice, 'port-no-wildcard-bind').length, 0);
});

test('no-published-db-ports fix rewrites ports to expose in block and flow style and merges into expose', () => {
  const text = `services:\n  db:\n    image: redis:7.4.2\n    ports: # for redis-cli\n      - "6379:6379" # cli\n`;
  assert.equal(applyFix(text, 'no-published-db-ports'), `services:\n  db:\n    image: redis:7.4.2\n    expose: # for redis-cli\n      - "6379" # cli\n`);
  const flow = fourSpaces(`services:\n  db:\n    image: mongo:7.0.14\n    ports: ["0.0.0.0:27017:27017"]\n`);
  assert.ok(applyFix(flow, 'no-published-db-ports').includes('        expose: ["27017"]\n'));
  const both = `services:\n  db:\n    image: postgres:16.4\n    ports:\n      - 5432:5432\n    expose:\n      - "9187"\n`;
  const out = applyFix(both, 'no-published-db-ports');
  assert.equal(out, `services:\n  db:\n    image: postgres:16.4\n    expose:\n      - "9187"\n      - "5432"\n`);
  assert.equal(check(out).findings.filter((f) => f.ruleId === 'no-published-db-ports').length, 0);
});

test('no-published-db-ports is relaxed in development override files', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    ports: ["5432:5432"]\n`;
  assert.equal(findings(text, 'no-published-db-ports', 'compose.yaml', { development: true }).length, 0);
});

test('service-networks fires per service and its fix adds the network and the top-level declaration', () => {
  const text = `name: shop\nservices:\n  api: # app\n    image: python:3.12.8\n  db:\n    image: postgres:16.4\n`;
  const list = findings(text, 'service-networks');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['api', 'db']);
  const out = applyFix(text, 'service-networks', 1);
  assert.equal(out, `name: shop\nservices:\n  api: # app\n    image: python:3.12.8\n  db:\n    image: postgres:16.4\n    networks: [shop_net]\nnetworks:\n  shop_net: {}\n`);
  const again = applyFix(out, 'service-networks');
  assert.ok(again.includes('  api: # app\n    image: python:3.12.8\n    networks: [shop_net]\n'));
  assert.equal((again.match(/shop_net: \{\}/g) ?? []).length, 1, 'declared once');
  assert.equal(findings(again, 'service-networks').length, 0);
});

test('no-duplicate-exported-ports: same host port in two services, ranges, protocols and host IPs', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    ports: ["127.0.0.1:8080:80"]\n  b:\n    image: x:1.2.3\n    ports:\n      - "8079-8081:80-82"\n      - "8080:80/udp"\n  c:\n    image: x:1.2.3\n    ports: ["127.0.0.2:8080:80"]\n`;
  const list = findings(text, 'no-duplicate-exported-ports');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['"8079-8081:80-82"', '"127.0.0.2:8080:80"']);
  assert.equal(list[0].severity, 'error');
  assert.match(list[0].message, /already published by a/);
  const distinct = `services:\n  a:\n    image: x:1.2.3\n    ports: ["127.0.0.1:8080:80"]\n  b:\n    image: x:1.2.3\n    ports: ["127.0.0.2:8080:80", "8080:80/udp", "\${PORT}:80"]\n`;
  assert.equal(findings(distinct, 'no-duplicate-exported-ports').length, 0);
  const defaults = `services:\n  a:\n    image: x:1.2.3\n    ports: ["\${A_PORT:-3000}:3000"]\n  b:\n    image: x:1.2.3\n    ports: ["3000:3000"]\n`;
  assert.equal(findings(defaults, 'no-duplicate-exported-ports').length, 1);
});
