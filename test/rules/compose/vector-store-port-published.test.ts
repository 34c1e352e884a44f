import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings } from '../../support/rules';

const RULE = 'vector-store-port-published';

test('vector-store-port-published: authenticated Qdrant and any Milvus published beyond the loopback; fix turns ports into expose', () => {
  const text = [
    'services:',
    '  qdrant:',
    '    image: qdrant/qdrant:v1.12.4',
    '    environment: {QDRANT__SERVICE__API_KEY: "${QDRANT_API_KEY:?set it}"}',
    '    ports:',
    '      - "6333:6333" # REST',
    '  milvus:',
    '    image: milvusdb/milvus:v2.4.15',
    '    ports: ["0.0.0.0:19530:19530"]',
    '',
  ].join('\n');
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['qdrant', 'milvus']);
  assert.equal(check(text).fix(list[0])?.safe, false);
  const out = applyFix(text, RULE, 0);
  assert.deepEqual(parse(out).services.qdrant.expose, ['6333']);
});

test('vector-store-port-published: silent on loopback, unpublished, unauthenticated (vector-store-api-key) and in a dev override', () => {
  assert.equal(findings(`services:\n  q:\n    image: qdrant/qdrant:v1.12.4\n    environment: {QDRANT__SERVICE__API_KEY: "\${K:?}"}\n    ports: ["127.0.0.1:6333:6333"]\n`, RULE).length, 0);
  const open = `services:\n  q:\n    image: qdrant/qdrant:v1.12.4\n    ports: ["6333:6333"]\n`;
  assert.equal(findings(open, RULE).length, 0);
  assert.equal(findings(open, 'vector-store-api-key').length, 1);
  assert.equal(findings(`services:\n  m:\n    image: milvusdb/milvus:v2.4.15\n    ports: ["19530:19530"]\n`, RULE, 'compose.yaml', { development: true }).length, 0);
});
