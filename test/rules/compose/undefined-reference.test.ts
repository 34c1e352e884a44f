/**
 * undefined-reference and `include:` (issue 11, accuracy pattern 5): checked alone, a file that
 * includes another cannot see the names defined there; as a project the include is followed and a
 * real typo is still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFindings } from '../../../server/src/engine/analyze/project';
import { loadProject } from '../../../server/src/engine/project/project';
import { findings } from '../../support/rules';

const main = `include:
  - ./compose.base.yml
services:
  app:
    image: example/app:1.2.3
    depends_on: [mysql]
    networks: [backend]
`;
const base = `services:
  mysql:
    image: mysql:8.4.3
networks:
  backend: {}
`;

test('a file with include: checked alone does not report names it cannot see', () => {
  assert.deepEqual(findings(main, 'undefined-reference'), []);
  // Without include: the same references are undefined.
  assert.equal(findings(main.replace(/^include:\n  - .*\n/, ''), 'undefined-reference').length, 2);
});

test('as a project the include is followed: defined names pass, a typo is reported', () => {
  const files: Record<string, string> = { '/p/compose.yaml': main.replace('[mysql]', '[mysq]'), '/p/compose.base.yml': base };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p], environment: {} });
  const found = projectFindings(project).filter((f) => f.ruleId === 'undefined-reference');
  assert.deepEqual(found.map((f) => f.data?.name), ['mysq']);
});

test('as a project with an included file missing, references are not judged (project-file-missing says why)', () => {
  const files: Record<string, string> = { '/p/compose.yaml': main.replace('[mysql]', '[mysq]') };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p], environment: {} });
  const all = projectFindings(project);
  assert.deepEqual(all.filter((f) => f.ruleId === 'undefined-reference'), []);
  assert.ok(all.some((f) => f.ruleId === 'project-file-missing'));
});
