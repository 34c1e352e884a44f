import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applySwarmFix, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-restart-ignored';

test('restart: "no" without a restart_policy: Swarm restarts the job anyway; the fix writes condition none in place', () => {
  const text = 'services:\n  migrate:\n    image: app:1.0.0\n    restart: "no" # one-shot\n    command: [migrate]\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(f.severity, 'warning');
  assert.equal(underlined(text, f), 'restart');
  assert.match(f.message, /restarts "migrate" after it exits.*condition: none/);
  const out = applySwarmFix(text, RULE);
  assert.deepEqual(parse(out).services.migrate.deploy, { restart_policy: { condition: 'none' } });
  assert.equal(parse(out).services.migrate.restart, undefined);
});

test('restart beside deploy.restart_policy is dead text; the fix removes it', () => {
  const text = 'services:\n  api:\n    image: app:1.0.0\n    restart: always\n    deploy:\n      # how Swarm restarts\n      restart_policy:\n        condition: any\n';
  const [f] = swarmFindings(text, RULE);
  assert.match(f.message, /deploy\.restart_policy decides/);
  const out = applySwarmFix(text, RULE);
  assert.equal(parse(out).services.api.restart, undefined);
  assert.deepEqual(parse(out).services.api.deploy.restart_policy, { condition: 'any' });
});

test('on-failure:3 with an existing deploy map: moved into deploy.restart_policy with max_attempts', () => {
  const text = 'services:\n  worker:\n    image: app:1.0.0\n    restart: on-failure:3\n    deploy:\n      replicas: 2 # two workers\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(f.severity, 'info');
  const out = applySwarmFix(text, RULE);
  assert.deepEqual(parse(out).services.worker.deploy, { replicas: 2, restart_policy: { condition: 'on-failure', max_attempts: 3 } });
});

test('silent on deploy.restart_policy alone, and for compose; restart-policy is silenced for swarm', () => {
  const hardened = 'services:\n  api:\n    image: app:1.0.0\n    deploy:\n      restart_policy: {condition: any}\n';
  assert.deepEqual(swarmFindings(hardened, RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n    restart: always\n', RULE, 'compose'), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n', 'restart-policy'), []);
});
