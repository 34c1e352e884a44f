import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { project, projectFindingsOf, underlinedIn } from './project.shared';

const COMPOSE = 'services:\n  db: # data\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}\n      REPLICA: ${REPLICA?}\n';

test('env-required-missing: a required variable absent from .env is an error on the ${…} text, with its message', () => {
  const files = { 'compose.yaml': COMPOSE, '.env': 'TAG=1.0.0\n' };
  const p = project(files);
  const list = projectFindingsOf(files, 'env-required-missing');
  assert.deepEqual(list.map((f) => underlinedIn(p, f)), ['${DB_PASSWORD:?set DB_PASSWORD}', '${REPLICA?}']);
  assert.equal(list[0].severity, 'error');
  assert.equal(list[0].file, '/p/compose.yaml');
  assert.equal(list[0].message, 'compose up will fail: DB_PASSWORD is not set (set DB_PASSWORD). Add it to .env or provide a default.');
  assert.equal(list[1].message, 'compose up will fail: REPLICA is not set. Add it to .env or provide a default.');
});

test('env-required-missing: quiet when .env sets the variables, and `:?` also refuses an empty value', () => {
  assert.deepEqual(projectFindingsOf({ 'compose.yaml': COMPOSE, '.env': 'DB_PASSWORD=s3cret\nREPLICA=\n' }, 'env-required-missing'), []);
  const empty = projectFindingsOf({ 'compose.yaml': COMPOSE, '.env': 'DB_PASSWORD=\nREPLICA=x\n' }, 'env-required-missing');
  assert.deepEqual(empty.map((f) => f.data?.name), ['DB_PASSWORD']);
});

test('env-required-missing: without a .env the shell provides the values (not judged), nor is a file checked alone', () => {
  assert.deepEqual(projectFindingsOf({ 'compose.yaml': COMPOSE }, 'env-required-missing'), []);
  assert.deepEqual(findings(COMPOSE, 'env-required-missing'), []);
});

test('env-required-missing: reported in the override file that writes the reference', () => {
  const files = { 'compose.yaml': 'services:\n  api:\n    image: a:1.0.0\n', 'compose.override.yaml': 'services:\n  api:\n    environment: {KEY: "${API_KEY:?}"}\n', '.env': '' };
  const list = projectFindingsOf(files, 'env-required-missing', ['compose.yaml', 'compose.override.yaml']);
  assert.deepEqual(list.map((f) => f.file), ['/p/compose.override.yaml']);
});
