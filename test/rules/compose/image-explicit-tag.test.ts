/**
 * Values built from an unset variable in a set (issue 11, accuracy pattern 5): Compose substitutes
 * an empty string; the value-judging rules (image-explicit-tag, container-name-valid,
 * read-only-rootfs) stay quiet on it instead of judging "nginx:", ".ollama" or read_only: "".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFindings } from '../../../server/src/engine/project/analyze';
import { loadProject } from '../../../server/src/engine/project/project';

const compose = `services:
  web:
    image: nginx:\${NGINX_TAG}
    container_name: \${PREFIX}.web
    read_only: \${WEB_READONLY}
  cache:
    image: redis:\${REDIS_TAG:-latest}
`;

function ids(environment: Record<string, string>) {
  const files: Record<string, string> = { '/p/compose.yaml': compose };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p], environment });
  return projectFindings(project).filter((f) => ['image-explicit-tag', 'container-name-valid', 'read-only-rootfs'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.service}: ${f.message}`);
}

test('unset variables without a default: the blank value is not judged', () => {
  const found = ids({});
  assert.deepEqual(found.filter((f) => f.includes(' web:')), []);
  // A default is a value written in the file: :latest is judged as usual.
  assert.ok(found.some((f) => f.startsWith('image-explicit-tag cache:')), found.join('\n'));
});

test('set variables give real values, and those are judged', () => {
  const found = ids({ NGINX_TAG: 'latest', PREFIX: '_bad', WEB_READONLY: 'false' });
  assert.ok(found.some((f) => f.startsWith('image-explicit-tag web:')), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith('container-name-valid web:')), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith('read-only-rootfs web:')), found.join('\n'));
});
