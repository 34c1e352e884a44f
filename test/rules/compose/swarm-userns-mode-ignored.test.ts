import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-userns-mode-ignored';

test('userns_mode is reported on its key: user namespaces are a node setting', () => {
  const text = 'services:\n  api:\n    image: app:1.0.0\n    userns_mode: host\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'userns_mode');
  assert.match(f.message, /userns-remap in daemon\.json/);
});

test('silent without userns_mode and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n    userns_mode: host\n', RULE, 'compose'), []);
});
