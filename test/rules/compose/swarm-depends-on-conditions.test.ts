import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applySwarmFix, DOCKER_CLI, stackConfig, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-depends-on-conditions';
const TEXT = `services:
  api:
    image: app:1.0.0
    # waits for the database
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.4
`;

test('long-form depends_on is refused by stack deploy: reported on the key', () => {
  const [f] = swarmFindings(TEXT, RULE);
  assert.equal(f.severity, 'error');
  assert.equal(underlined(TEXT, f), 'depends_on');
  assert.match(f.message, /depends_on must be a list.*never waits for "db"/);
  assert.deepEqual(swarmFindings(TEXT, 'depends-on-healthy'), []);
});

test('the fix writes the list form and keeps the comment above it', () => {
  const out = applySwarmFix(TEXT, RULE);
  assert.deepEqual(parse(out).services.api.depends_on, ['db']);
});

test('silent on the list form and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    depends_on: [db]\n  db:\n    image: postgres:16.4\n', RULE), []);
  assert.deepEqual(swarmFindings(TEXT, RULE, 'compose'), []);
});

test('the docker CLI agrees: the long form fails, the list form loads', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  const refused = stackConfig(TEXT);
  assert.equal(refused.ok, false);
  assert.match(refused.output, /depends_on must be a list/);
  assert.ok(stackConfig(applySwarmFix(TEXT, RULE)).ok);
});
