import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-privileged-ignored';

test('privileged: true is reported on its key: the tasks run unprivileged, use cap_add', () => {
  const text = 'services:\n  agent:\n    image: agent:1.0.0\n    privileged: true\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'privileged');
  assert.match(f.message, /run unprivileged.*cap_add/);
  assert.deepEqual(swarmFindings(text, 'no-privileged'), [], 'the compose rule is silenced for swarm');
  assert.equal(swarmFindings(text, 'no-privileged', 'compose').length, 1);
});

test('silent without privileged and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  agent:\n    image: agent:1.0.0\n    cap_add: [NET_ADMIN]\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  agent:\n    image: agent:1.0.0\n    privileged: true\n', RULE, 'compose'), []);
});
