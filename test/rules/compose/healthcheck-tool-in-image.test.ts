import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, findings } from '../../support/rules';

const RULE = 'healthcheck-tool-in-image';

test('healthcheck-tool-in-image: curl/wget in Qdrant, Ollama and TEI images; fix uses the probe the image supports', () => {
  const text = [
    'services:',
    '  qdrant:',
    '    image: qdrant/qdrant:v1.12.4',
    '    healthcheck:',
    '      test: ["CMD", "curl", "-f", "http://127.0.0.1:6333/readyz"]',
    '      interval: 10s # keep',
    '  ollama:',
    '    image: ollama/ollama:0.5.7',
    '    healthcheck: {test: "wget -q --spider http://127.0.0.1:11434/ || exit 1"}',
    '  tei:',
    '    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.7',
    '    healthcheck: {test: [CMD-SHELL, "curl -f http://127.0.0.1:80/health || exit 1"]}',
    '',
  ].join('\n');
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => [f.service, f.data?.tool]), [['qdrant', 'curl'], ['ollama', 'wget'], ['tei', 'curl']]);
  let out = applyFix(text, RULE, 0);
  out = applyFix(out, RULE, 0);
  const doc = parse(out);
  assert.deepEqual(doc.services.qdrant.healthcheck.test, ['CMD-SHELL', "bash -c ':> /dev/tcp/127.0.0.1/6333' || exit 1"]);
  assert.deepEqual(doc.services.ollama.healthcheck.test, ['CMD', 'ollama', 'list']);
  assert.equal(doc.services.qdrant.healthcheck.interval, '10s');
});

test('healthcheck-tool-in-image: silent where the image has the tool, for built images, and when the entrypoint installs it', () => {
  assert.equal(findings(`services:\n  w:\n    image: semitechnologies/weaviate:1.27.0\n    healthcheck: {test: [CMD-SHELL, "wget -q --spider http://127.0.0.1:8080/v1/.well-known/ready"]}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  q:\n    image: qdrant/qdrant:v1.12.4\n    build: .\n    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:6333/readyz"]}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  t:\n    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.7\n    entrypoint: /bin/sh -c "apt-get update && apt-get install -y curl && text-embeddings-router --model-id x/y"\n    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:80/health"]}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  q:\n    image: qdrant/qdrant:v1.12.4\n    healthcheck: {test: [CMD-SHELL, "bash -c ':> /dev/tcp/127.0.0.1/6333'"]}\n`, RULE).length, 0);
});

test('healthcheck-tool-in-image: MinIO releases before 2023-11-01 still ship curl; later ones do not', () => {
  const minio = (tag: string) => `services:\n  minio:\n    image: minio/minio:${tag}\n    healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:9000/minio/health/live"]}\n`;
  assert.equal(findings(minio('RELEASE.2023-03-20T20-16-18Z'), RULE).length, 0);
  assert.equal(findings(minio('RELEASE.2024-05-01T01-11-10Z'), RULE).length, 1);
});
