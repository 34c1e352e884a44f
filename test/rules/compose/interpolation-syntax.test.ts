import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { project, projectFindingsOf, underlinedIn } from './project.shared';

const COMPOSE = 'services:\n  api: # app\n    image: app:1.0.0\n    command: echo ${A\n    environment:\n      P: "${A B}"\n      Q: "${A:=x}"\n';

test('interpolation-syntax: an unclosed ${ or a malformed reference is an error on its text', () => {
  const p = project({ 'compose.yaml': COMPOSE });
  const list = projectFindingsOf({ 'compose.yaml': COMPOSE }, 'interpolation-syntax');
  assert.deepEqual(list.map((f) => underlinedIn(p, f)), ['${A', '${A B}', '${A:=x}']);
  assert.equal(list[0].severity, 'error');
  assert.equal(list[0].message, 'Invalid interpolation format: "${A" has no closing "}". Write $$ for a literal $.');
  assert.equal(list[1].message, 'Invalid interpolation format: "${A B}". Write $$ for a literal $.');
});

test('interpolation-syntax: judged with or without .env; quiet on every operator Compose supports and on $$', () => {
  assert.equal(projectFindingsOf({ 'compose.yaml': COMPOSE, '.env': 'A=1\n' }, 'interpolation-syntax').length, 3);
  const good = 'services:\n  api:\n    image: app:${TAG:-1.0.0}\n    environment:\n      A: "${A-x} ${B:+y} ${C+z} ${D:?need D} ${E?} ${F:-${G:-nested}}"\n      PRICE: "$$5 and $${NOT_A_VAR}"\n';
  assert.deepEqual(projectFindingsOf({ 'compose.yaml': good, '.env': 'D=1\nE=2\n' }, 'interpolation-syntax'), []);
});

test('interpolation-syntax: a file checked alone is not judged (the project model reports it)', () => {
  assert.deepEqual(findings(COMPOSE, 'interpolation-syntax'), []);
});
