import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applySwarmFix, swarmFindings } from './swarm-helpers';

const RULE = 'swarm-rollback-config';

test('no rollback_config: the fix adds one with the update order and pause on failure, keeping comments', () => {
  const text = 'services:\n  api:\n    image: app:1.0.0\n    deploy:\n      # rolling updates\n      update_config: {order: start-first, failure_action: rollback, monitor: 30s}\n';
  assert.equal(swarmFindings(text, RULE).length, 1);
  const out = applySwarmFix(text, RULE);
  assert.deepEqual(parse(out).services.api.deploy.rollback_config, { parallelism: 1, order: 'start-first', failure_action: 'pause', monitor: '30s' });
});

test('silent with a rollback_config, on jobs, and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    deploy:\n      rollback_config: {order: start-first}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  seed:\n    image: a:1\n    deploy:\n      mode: replicated-job\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n', RULE, 'compose'), []);
});
