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

test('port-no-wildcard-bind: long syntax, flow style, 4-space indentation', () => {
  const long = `services:\n    web:\n        image: nginx:1.27.3\n        ports:\n            - target: 80\n              published: 8080\n              host_ip: 0.0.0.0 # all\n`;
  const [f] = findings(long, 'port-no-wildcard-bind');
  assert.ok(underlined(long, f).startsWith('target: 80'));
  assert.ok(applyFix(long, 'port-no-wildcard-bind').includes('              host_ip: 127.0.0.1 # all'));
  const flow = `services:\n  web: {image: "nginx:1.27.3", ports: ["0.0.0.0:80:80"]}\n`;
  assert.equal(applyFix(flow, 'port-no-wildcard-bind'), `services:\n  web: {image: "nginx:1.27.3", ports: ["127.0.0.1:80:80"]}\n`);
  assert.equal(findings(`services:\n  web:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:80:80"]\n`, 'port-no-wildcard-bind').length, 0);
});

test('no-published-db-ports: warning on 0.0.0.0 / no IP, hint on 127.0.0.1, quiet with expose', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    ports: # for psql\n      - "5432:5432"\n`;
  const [f] = findings(text, 'no-published-db-ports');
  assert.equal(underlined(text, f), 'ports');
  assert.equal(f.severity, 'warning');
  const local = text.replace('"5432:5432"', '"127.0.0.1:5432:5432"');
  assert.equal(findings(local, 'no-published-db-ports')[0].severity, 'hint');
  assert.equal(findings(`services:\n  db:\n    image: postgres:16.4\n    expose: ["5432"]\n`, 'no-published-db-ports').length, 0);
  assert.equal(findings(`services:\n  api:\n    image: python:3.12.8\n    ports: ["8000:8000"]\n`, 'no-published-db-ports').length, 0);
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

test('service-networks: an explicit networks: [default] and a renamed default network are the default network too', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    networks: [default]\n  db:\n    image: x:1.2.3\n    networks:\n      default:\n        aliases: [database]\n  web:\n    image: x:1.2.3\n  app:\n    image: x:1.2.3\n    networks: [default, backend]\nnetworks:\n  default:\n    name: shop_default\n  backend: {}\n`;
  const list = findings(text, 'service-networks');
  assert.deepEqual(list.map((f) => f.service), ['api', 'db', 'web']);
  for (const f of list) assert.match(f.message, /renamed to "shop_default"/);
  const a = check(text);
  assert.equal(a.fix(list[0]), undefined, 'an existing list: which network instead is for a person');
  assert.ok(applyFix(text, 'service-networks', 2).includes('  web:\n    image: x:1.2.3\n    networks: [backend]\n'));
  // Without a rename, [default] is reported the same way as no networks at all.
  assert.equal(findings(`services:\n  api:\n    image: x:1.2.3\n    networks: [default]\n`, 'service-networks').length, 1);
});

test('service-networks: reuses the single declared network, 4-space and flow services, network_mode and anchors count', () => {
  const text = fourSpaces(`services:\n  api:\n    image: x:1.2.3\nnetworks:\n  backend:\n    driver: bridge\n`);
  assert.ok(applyFix(text, 'service-networks').includes('        networks: [backend]\n'));
  const flow = `services:\n  api: {image: "x:1.2.3"}\nnetworks: {backend: {}}\n`;
  assert.equal(applyFix(flow, 'service-networks'), `services:\n  api: {image: "x:1.2.3", networks: [backend]}\nnetworks: {backend: {}}\n`);
  const quiet = `x-net: &net\n  networks: [backend]\nservices:\n  api:\n    <<: *net\n    image: x:1.2.3\n  vpn:\n    image: x:1.2.3\n    network_mode: host\nnetworks:\n  backend: {}\n`;
  assert.equal(findings(quiet, 'service-networks').length, 0);
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

test('ports-quoted: unquoted HOST:CONTAINER gets double quotes; quoted and bare ports pass', () => {
  const text = `services:\n  ssh:\n    image: x:1.2.3\n    ports:\n      - 2222:22 # base-60 in YAML 1.1\n      - 8080\n      - "127.0.0.1:80:80"\n`;
  const list = findings(text, 'ports-quoted');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['2222:22']);
  assert.equal(list[0].severity, 'hint');
  assert.ok(applyFix(text, 'ports-quoted').includes('      - "2222:22" # base-60 in YAML 1.1\n'));
  const flow = fourSpaces(`services:\n  ssh: {image: "x:1.2.3", ports: [2222:22]}\n`);
  assert.ok(applyFix(flow, 'ports-quoted').includes('ports: ["2222:22"]'));
});

test('ports-quoted: silent where YAML 1.1 would not read base 60 (a part after the first is 60 or more, a host IP, a range, a protocol)', () => {
  const text = `services:\n  web:\n    image: x:1.2.3\n    ports:\n      - 22:22\n      - 8000:59\n      - 8080:80\n      - 5432:5432\n      - 127.0.0.1:22:22\n      - 3000-3005:3000-3005\n      - 53:53/udp\n`;
  assert.deepEqual(findings(text, 'ports-quoted').map((f) => underlined(text, f)), ['22:22', '8000:59']);
});
