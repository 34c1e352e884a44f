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
