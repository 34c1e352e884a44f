import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

const stack = (app: string, extra = '') =>
  `services:\n  proxy:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:8080:80"]\n    depends_on: [api]\n  api:\n    image: example/api:1.2.3\n${app}  db:\n    image: postgres:16.4\n${extra}`;

test('fixed-host-port-behind-proxy: a published host port on a served app; UDP and its TCP twin pass', () => {
  const text = stack('    ports: ["127.0.0.1:8000:8000"]\n');
  const [f] = findings(text, 'fixed-host-port-behind-proxy');
  assert.equal(underlined(text, f), '"127.0.0.1:8000:8000"');
  assert.match(f.message, /publishes host port 8000: a second container cannot bind it during an update.*expose: \["8000"\]/);
  assert.deepEqual(findings(stack('    ports: ["8443:8443/udp", "8443:8443/tcp"]\n'), 'fixed-host-port-behind-proxy'), []);
  assert.deepEqual(findings(stack('    expose: ["8000"]\n'), 'fixed-host-port-behind-proxy'), []);
});
