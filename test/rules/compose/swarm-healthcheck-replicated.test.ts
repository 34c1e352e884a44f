import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applySwarmFix, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-healthcheck-replicated';

test('a long-running service without a healthcheck: reported with what Swarm does; the fix adds the probe healthcheck-required would', () => {
  const text = 'services:\n  cache:\n    image: redis:7.4.1 # cache\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'cache');
  assert.match(f.message, /Swarm counts each task as up when its process starts/);
  assert.deepEqual(swarmFindings(text, 'healthcheck-required'), [], 'one finding, not two: the compose rule is silenced for swarm');
  const out = applySwarmFix(text, RULE);
  assert.deepEqual(parse(out).services.cache.healthcheck.test, ['CMD', 'redis-cli', '-h', '127.0.0.1', 'ping']);
});

test('a disabled healthcheck is reported too', () => {
  const text = 'services:\n  api:\n    image: a:1\n    healthcheck:\n      disable: true\n';
  assert.match(swarmFindings(text, RULE)[0].message, /is disabled/);
});

test('silent with a healthcheck, on jobs, and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    healthcheck:\n      test: ["CMD", "true"]\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  seed:\n    image: a:1\n    deploy: {mode: replicated-job}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n', RULE, 'compose'), []);
});
