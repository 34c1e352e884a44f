/**
 * Values built from an unset variable in a set (issue 11, accuracy pattern 5): Compose substitutes
 * an empty string; the value-judging rules (image-explicit-tag, container-name-valid,
 * read-only-rootfs) stay quiet on it instead of judging "nginx:", ".ollama" or read_only: "".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFindings } from '../../../server/src/engine/analyze/project';
import { loadProject } from '../../../server/src/engine/project/project';
import { findings, underlined } from '../../support/rules';

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


const svc = (image: string) => `services:\n  app: # the app\n    image: ${image}\n`;

test('image-explicit-tag and dockerfile-from-explicit-tag share one pinning policy', () => {
  const level = (image: string) => {
    const c = findings(svc(image), 'image-explicit-tag')[0];
    const d = findings(`FROM ${image}\n`, 'dockerfile-from-explicit-tag', 'Dockerfile')[0];
    assert.equal(c?.severity, d?.severity, image);
    assert.equal(/within the major/.test(c?.message ?? ''), /within the major/.test(d?.message ?? ''), image);
    return c ? `${c.severity}${/within the major/.test(c.message) ? ' major' : /within the minor/.test(c.message) ? ' minor' : ''}` : 'ok';
  };
  // Moving tags without a version are as bad as latest.
  for (const image of ['ghcr.io/acme/app:main-stable', 'nginx:stable', 'caddy:edge', 'node:alpine', 'acme/app:nightly', 'acme/app:main', 'acme/app:dev', 'ollama/ollama:rocm', 'python:slim-bookworm']) assert.equal(level(image), 'warning', image);
  for (const image of ['postgres:16', 'node:22-alpine']) assert.equal(level(image), 'info major', image);
  for (const image of ['golang:1.26-alpine', 'redis:7.4']) assert.equal(level(image), 'info minor', image);
  for (const image of ['postgres:16.4', 'golang:1.26.1-alpine3.21', 'redis@sha256:' + 'b'.repeat(64)]) assert.equal(level(image), 'ok', image);
});

test('image-explicit-tag passes patch versions, digests, dated/sha tags and built images', () => {
  for (const image of ['postgres:16.11-alpine3.21', 'ollama/ollama:0.5.7', 'pgvector/pgvector:0.8.0-pg16', 'python:3.12.8-slim', 'redis@sha256:' + 'a'.repeat(64), 'minio/minio:RELEASE.2024-11-07T00-52-20Z', 'ghcr.io/acme/app:sha-3f2c1ab']) {
    assert.equal(findings(svc(image), 'image-explicit-tag').length, 0, image);
  }
  assert.equal(findings(`services:\n  app:\n    build: .\n    image: acme/app\n`, 'image-explicit-tag').length, 0);
});

test('image-explicit-tag judges ${VAR} images by their default, and skips what it cannot know', () => {
  assert.equal(findings(svc('${IMAGE:-postgres}'), 'image-explicit-tag')[0]?.severity, 'warning');
  assert.equal(findings(svc('"postgres:${PG_TAG:-16}"'), 'image-explicit-tag')[0]?.severity, 'info');
  assert.equal(findings(svc('"postgres:${PG_TAG:-16.4}"'), 'image-explicit-tag').length, 0);
  assert.equal(findings(svc('"postgres:${PG_TAG}"'), 'image-explicit-tag').length, 0);
  assert.equal(findings(svc('"${REGISTRY}/app:1.2.3"'), 'image-explicit-tag').length, 0);
  assert.equal(findings(svc('"${REGISTRY}/app:latest"'), 'image-explicit-tag').length, 1);
});

test('image-explicit-tag inside an anchor reports at the service', () => {
  const text = `x-base: &base\n  image: redis\nservices:\n  cache:\n    <<: *base\n`;
  const [f] = findings(text, 'image-explicit-tag');
  assert.equal(underlined(text, f), 'cache');
  assert.match(f.related?.[0].message ?? '', /anchor &base/);
});

test('image-explicit-tag: untagged and latest-like tags are warnings, at the image value', () => {
  for (const image of ['postgres', 'ollama/ollama:latest', 'ghcr.io/acme/app:main', 'redis:stable', 'localhost:5000/app']) {
    const text = svc(image);
    const list = findings(text, 'image-explicit-tag');
    assert.equal(list.length, 1, image);
    assert.equal(underlined(text, list[0]), image);
    assert.equal(list[0].severity, 'warning', image);
  }
});

test('image-explicit-tag: a tag without a patch version is info with the pinning example', () => {
  for (const image of ['postgres:16-alpine', 'redis:7', 'python:3.12-slim', 'pgvector/pgvector:pg16']) {
    const [f] = findings(svc(image), 'image-explicit-tag');
    assert.equal(f?.severity, 'info', image);
    assert.match(f.message, /floats within the (major|minor).*Pin a full version/);
  }
});
