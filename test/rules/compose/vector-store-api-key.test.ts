import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';

const RULE = 'vector-store-api-key';

test('vector-store-api-key: Qdrant, Weaviate, Chroma with a published port and no auth; no fix', () => {
  const text = `services:\n  qdrant:\n    image: qdrant/qdrant:v1.13.0\n    ports: ["6333:6333"]\n  weaviate:\n    image: cr.weaviate.io/semitechnologies/weaviate:1.28.2\n    ports: ["0.0.0.0:8080:8080"]\n    environment: [AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED=true]\n  chroma:\n    image: chromadb/chroma:0.6.3\n    ports: ["8000:8000"]\n`;
  const list = findings(text, RULE);
  assert.deepEqual(list.map((f) => f.service), ['qdrant', 'weaviate', 'chroma']);
  assert.equal(underlined(text, list[0]), 'qdrant');
  assert.match(list[0].message, /QDRANT__SERVICE__API_KEY/);
  assert.equal(check(text).fix(list[0]), undefined);
});

test('vector-store-api-key: silent with a key, without a published port or on the loopback only', () => {
  assert.equal(findings(`services:\n  qdrant:\n    image: qdrant/qdrant:v1.13.0\n    ports: ["6333:6333"]\n    environment: {QDRANT__SERVICE__API_KEY: "\${QDRANT_API_KEY:?set it}"}\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  qdrant:\n    image: qdrant/qdrant:v1.13.0\n    expose: ["6333"]\n`, RULE).length, 0);
  assert.equal(findings(`services:\n  qdrant:\n    image: qdrant/qdrant:v1.13.0\n    ports: ["127.0.0.1:6333:6333"]\n`, RULE).length, 0, 'loopback only');
  assert.equal(findings(`services:\n  w:\n    image: semitechnologies/weaviate:1.28.2\n    ports: ["8080:8080"]\n    environment: [AUTHENTICATION_APIKEY_ENABLED=true, AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED=false]\n`, RULE).length, 0);
});
