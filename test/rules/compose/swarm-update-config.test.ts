import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applySwarmFix, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-update-config';
const HEALTH = `    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8000/health"]
      interval: 10s
      retries: 3
      start_period: 30s
`;

test('no update_config: reported on the service; the fix inserts start-first, rollback and a monitor of the health window', () => {
  const text = `services:\n  api:\n    image: app:1.0.0 # the app\n${HEALTH}`;
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'api');
  const out = applySwarmFix(text, RULE);
  assert.deepEqual(parse(out).services.api.deploy.update_config, { parallelism: 1, order: 'start-first', failure_action: 'rollback', monitor: '1m' });
});

test('each weak key is reported where written; the fixes repair them one by one', () => {
  let text = `services:\n  api:\n    image: app:1.0.0\n${HEALTH}    deploy:\n      update_config:\n        order: stop-first # was the default\n        failure_action: pause\n        monitor: 20s\n`;
  const list = swarmFindings(text, RULE);
  assert.deepEqual(list.map((f) => underlined(text, f)), ['stop-first', 'pause', '20s']);
  assert.match(list[2].message, /for 20s.*up to 1m.*monitor: 1m/);
  for (let i = 0; i < 3; i++) text = applySwarmFix(text, RULE);
  assert.deepEqual(parse(text).services.api.deploy.update_config, { order: 'start-first', failure_action: 'rollback', monitor: '1m' });
});

test('a database keeps stop-first: start-first would run two writers on one volume', () => {
  const text = 'services:\n  db:\n    image: postgres:16.4\n    volumes: [db:/var/lib/postgresql/data]\n    deploy:\n      update_config: {order: start-first, failure_action: rollback}\nvolumes:\n  db: {}\n';
  const [f] = swarmFindings(text, RULE);
  assert.match(f.message, /two tasks on it.*stop-first/);
});

test('silent on the hardened form, on one-shot jobs, and for compose', () => {
  const hardened = `services:\n  api:\n    image: app:1.0.0\n${HEALTH}    deploy:\n      update_config: {order: start-first, failure_action: rollback, monitor: 60s}\n  migrate:\n    image: app:1.0.0\n    deploy:\n      restart_policy: {condition: none}\n`;
  assert.deepEqual(swarmFindings(hardened, RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n', RULE, 'compose'), []);
});
