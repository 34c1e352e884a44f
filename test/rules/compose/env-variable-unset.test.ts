import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { project, projectFindingsOf, underlinedIn } from './project.shared';

const COMPOSE = 'services:\n  api: # app\n    image: app:${TAG}\n    environment:\n      LEVEL: ${LEVEL:-info}\n      MODE: ${MODE-prod}\n      TOKEN: $TOKEN\n      PRICE: "$$5"\n';

test('env-variable-unset: ${VAR} and $VAR without a default, unset in .env, warn on the reference', () => {
  const files = { 'compose.yaml': COMPOSE, '.env': 'OTHER=1\n' };
  const p = project(files);
  const list = projectFindingsOf(files, 'env-variable-unset');
  assert.deepEqual(list.map((f) => underlinedIn(p, f)), ['${TAG}', '$TOKEN']);
  assert.equal(list[0].severity, 'warning');
  assert.equal(list[0].message, 'TAG is not set in .env: Compose substitutes an empty string.');
  assert.deepEqual(list.map((f) => f.data?.name), ['TAG', 'TOKEN']);
});

test('env-variable-unset: quiet when .env sets them (an empty value is set), on defaults and on $$', () => {
  assert.deepEqual(projectFindingsOf({ 'compose.yaml': COMPOSE, '.env': 'TAG=1.2.3\nexport TOKEN=\n' }, 'env-variable-unset'), []);
});

test('env-variable-unset: without a .env (values from the shell) and on a file checked alone, not judged', () => {
  assert.deepEqual(projectFindingsOf({ 'compose.yaml': COMPOSE }, 'env-variable-unset'), []);
  assert.deepEqual(findings(COMPOSE, 'env-variable-unset'), []);
});

test('env-variable-unset: a variable required elsewhere is env-required-missing, not reported twice', () => {
  const files = { 'compose.yaml': 'services:\n  api:\n    image: app:${TAG:?}\n', '.env': 'OTHER=1\n' };
  assert.deepEqual(projectFindingsOf(files, 'env-variable-unset'), []);
  assert.equal(projectFindingsOf(files, 'env-required-missing').length, 1);
});
