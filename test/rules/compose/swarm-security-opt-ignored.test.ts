import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-security-opt-ignored';
const TEXT = `services:
  api:
    image: app:1.0.0
    security_opt: ["no-new-privileges:true"] # hardening
`;

test('security_opt is reported on its key, with what Swarm does and what to do instead', () => {
  const [f, ...rest] = swarmFindings(TEXT, RULE);
  assert.equal(rest.length, 0);
  assert.equal(underlined(TEXT, f), 'security_opt');
  assert.match(f.message, /Swarm ignores security_opt of "api".*daemon\.json/);
});

test('silent without security_opt, and for the compose target (where no-new-privileges wants it)', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: app:1.0.0\n', RULE), []);
  assert.deepEqual(swarmFindings(TEXT, RULE, 'compose'), []);
});

test('for swarm, no-new-privileges stops asking for security_opt; for compose it still does', () => {
  const plain = 'services:\n  api:\n    image: app:1.0.0\n';
  assert.equal(swarmFindings(plain, 'no-new-privileges').length, 0);
  assert.equal(swarmFindings(plain, 'no-new-privileges', 'compose').length, 1);
});
