import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_CLI, stackConfig, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-build-needs-image';

test('build without image: the deploy is refused ("no image specified")', () => {
  const text = 'services:\n  api:\n    build: .\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'build');
  assert.match(f.message, /refuses "api".*no image specified/);
});

test('build with image: build is ignored, the image must be on every node', () => {
  const text = 'services:\n  api:\n    build: .\n    image: registry.example/api:1.2.0\n';
  const [f] = swarmFindings(text, RULE);
  assert.match(f.message, /ignores build of "api".*every node/);
});

test('silent on an image-only service and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: registry.example/api:1.2.0\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    build: .\n', RULE, 'compose'), []);
});

test('the docker CLI loads build + image (a warning, not an error: the image check is the deploy loader\'s)', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  const r = stackConfig('services:\n  api:\n    build: .\n    image: registry.example/api:1.2.0\n');
  assert.ok(r.ok, r.output);
});
