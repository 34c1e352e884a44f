import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyze, applyEdits } from '../../../server/src/engine';
import { DOCKER_CLI, stackConfig, swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-secrets-not-env';
const TEXT = `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set it} # from .env
`;

test('a credential in the environment is reported on its name, never showing its value', () => {
  const [f, ...rest] = swarmFindings(TEXT, RULE);
  assert.equal(rest.length, 0);
  assert.equal(underlined(TEXT, f), 'POSTGRES_PASSWORD');
  assert.match(f.message, /POSTGRES_PASSWORD_FILE: \/run\/secrets\/db_postgres_password/);
  assert.ok(!f.message.includes('set it'));
});

test('postgres reads *_FILE: the fix renames the variable, lists the secret and declares it from a file, keeping comments', () => {
  const a = analyze('compose.yaml', TEXT, { target: 'swarm' })!;
  const fix = a.fix(a.findings.find((f) => f.ruleId === RULE)!)!;
  assert.equal(fix.safe, false, 'the secret file must be created first');
  const out = applyEdits(TEXT, fix.edits);
  const doc = parse(out);
  assert.deepEqual(doc.services.db.environment, { POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
  assert.deepEqual(doc.services.db.secrets, ['db_postgres_password']);
  assert.deepEqual(doc.secrets, { db_postgres_password: { file: './secrets/db_postgres_password.txt' } });
  assert.ok(out.includes('# from .env'));
  assert.deepEqual(swarmFindings(out, RULE), []);
  if (DOCKER_CLI) {
    const r = stackConfig(out);
    assert.ok(r.ok, r.output);
  }
});

test('list form and an image without *_FILE support: reported, no fix', () => {
  const text = 'services:\n  api:\n    image: app:1.0.0\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n';
  const a = analyze('compose.yaml', text, { target: 'swarm' })!;
  const f = a.findings.find((x) => x.ruleId === RULE)!;
  assert.match(f.message, /read from \/run\/secrets/);
  assert.equal(a.fix(f), undefined);
});

test('silent on *_FILE variables, non-secrets, and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/pw\n      POSTGRES_DB: app\n', RULE), []);
  assert.deepEqual(swarmFindings(TEXT, RULE, 'compose'), []);
});
