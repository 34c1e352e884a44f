import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_CLI, stackConfig, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-port-host-ip';

test('a short port with an address: the address is dropped, the port listens everywhere', () => {
  const text = 'services:\n  api:\n    image: a:1\n    ports:\n      - "127.0.0.1:8080:8000"\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(f.severity, 'warning');
  assert.equal(underlined(text, f), '"127.0.0.1:8080:8000"');
  assert.match(f.message, /drops the address 127\.0\.0\.1.*all interfaces/);
  assert.deepEqual(swarmFindings(text, 'port-host-ip-required'), []);
});

test('a long port with host_ip is refused', () => {
  const text = 'services:\n  api:\n    image: a:1\n    ports:\n      - target: 8000\n        published: 8080\n        host_ip: 127.0.0.1\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /refuses host_ip/);
});

test('silent on host-mode ports without an address, on 0.0.0.0, and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    ports:\n      - target: 8000\n        published: 8000\n        mode: host\n      - "0.0.0.0:9000:9000"\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    ports: ["127.0.0.1:8080:8000"]\n', RULE, 'compose'), []);
});

test('the docker CLI agrees: host_ip fails the load, the short form loads with the address warned away', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  const refused = stackConfig('services:\n  api:\n    image: a:1\n    ports:\n      - target: 8000\n        published: 8080\n        host_ip: 127.0.0.1\n');
  assert.equal(refused.ok, false);
  assert.match(refused.output, /host_ip/);
  const dropped = stackConfig('services:\n  api:\n    image: a:1\n    ports:\n      - "127.0.0.1:8080:8000"\n');
  assert.ok(dropped.ok, dropped.output);
  assert.match(dropped.output, /ignoring IP-address \(127\.0\.0\.1:8080:8000\/tcp\) service will listen on '0\.0\.0\.0'/);
});
