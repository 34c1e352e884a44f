import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_CLI, stackConfig, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-key-rejected';

test('compose-only keys are reported on their key with the deploy.resources spelling', () => {
  const text = 'name: demo\nservices:\n  api:\n    image: a:1\n    pids_limit: 100\n    profiles: [web]\n    x-note: kept\n';
  const list = swarmFindings(text, RULE);
  assert.deepEqual(list.map((f) => underlined(text, f)), ['name', 'pids_limit', 'profiles']);
  assert.match(list[1].message, /refuses pids_limit of "api".*deploy\.resources\.limits\.pids/);
  assert.match(list[0].message, /stack name is the argument/);
});

test('cpus as a number is refused; as a string it loads', () => {
  const text = 'services:\n  api:\n    image: a:1\n    deploy:\n      resources:\n        limits:\n          cpus: 0.5\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), '0.5');
  assert.deepEqual(swarmFindings(text.replace('0.5', '"0.5"'), RULE), []);
});

test('silent on a v3 file and for compose', () => {
  const ok = 'services:\n  api:\n    image: a:1\n    init: true\n    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: 256M, pids: 100}\nx-shared: {}\n';
  assert.deepEqual(swarmFindings(ok, RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    pids_limit: 100\n', RULE, 'compose'), []);
});

test('the docker CLI agrees on each reported key', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  assert.match(stackConfig('services:\n  api:\n    image: a:1\n    pids_limit: 100\n').output, /Additional property pids_limit is not allowed/);
  assert.match(stackConfig('services:\n  api:\n    image: a:1\n    deploy: {resources: {limits: {cpus: 0.5}}}\n').output, /cpus must be a string/);
  assert.equal(stackConfig('name: demo\nservices:\n  api:\n    image: a:1\n').ok, false);
  assert.ok(stackConfig('services:\n  api:\n    image: a:1\n    init: true\n    deploy:\n      resources:\n        limits: {cpus: "0.5", memory: 256M, pids: 100}\nx-shared: {}\n').ok);
});
