import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { project, projectFindingsOf, underlinedIn } from './project.shared';

const COMPOSE = 'include:\n  - db.yaml # the database\nservices:\n  api:\n    image: a:1.0.0\n    extends:\n      file: base.yaml\n      service: common\n';

test('project-file-missing: a missing include and a missing extends.file are errors on the path written', () => {
  const p = project({ 'compose.yaml': COMPOSE });
  const list = projectFindingsOf({ 'compose.yaml': COMPOSE }, 'project-file-missing');
  assert.deepEqual(list.map((f) => underlinedIn(p, f)), ['db.yaml', 'base.yaml']);
  assert.deepEqual(list.map((f) => f.severity), ['error', 'error']);
  assert.equal(list[0].message, 'Included file db.yaml does not exist or cannot be read (/p/db.yaml).');
  assert.equal(list[1].message, 'base.yaml does not exist or cannot be read (/p/base.yaml).');
});

test('project-file-missing: quiet when the files exist', () => {
  const files = {
    'compose.yaml': COMPOSE,
    'db.yaml': 'services:\n  db:\n    image: postgres:16.4\n',
    'base.yaml': 'services:\n  common:\n    init: true\n',
  };
  assert.deepEqual(projectFindingsOf(files, 'project-file-missing'), []);
});

test('project-file-missing: a file checked alone is not judged (it cannot see the disk)', () => {
  assert.deepEqual(findings(COMPOSE, 'project-file-missing'), []);
});

test('project-file-missing: an extends loop across files is reported, not followed forever', () => {
  const files = {
    'compose.yaml': 'services:\n  api:\n    image: a:1.0.0\n    extends: {file: b.yaml, service: b}\n',
    'b.yaml': 'services:\n  b:\n    extends: {file: compose.yaml, service: api}\n',
  };
  const list = projectFindingsOf(files, 'project-file-missing');
  assert.ok(list.length >= 1, 'the loop is reported');
  assert.ok(list.every((f) => /extends|loop|cycle/i.test(f.message)), list.map((f) => f.message).join('\n'));
});
