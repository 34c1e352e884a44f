import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-container-name-ignored';

test('container_name is reported on its key with the name tasks really get', () => {
  const text = 'services:\n  api:\n    image: app:1.0.0\n    container_name: my-api\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'container_name');
  assert.match(f.message, /container_name "my-api" of "api".*<stack>_api\.<slot>\.<id>/);
  assert.deepEqual(swarmFindings(text, 'container-name-blocks-update'), [], 'the compose rollout rule does not apply to swarm');
});

test('silent without container_name and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n    container_name: my-api\n', RULE, 'compose'), []);
});
