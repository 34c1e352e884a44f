import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix } from '../../support/rules';
import { fourSpaces } from './helpers';

test('db-named-volume fix mounts <svc>_data and declares it (block, 4 spaces, existing volumes)', () => {
  const text = `services:\n  db: # data\n    image: postgres:16.4\n  cache:\n    image: redis:7.4.2\n    volumes:\n      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro # config\nvolumes:\n  other: {}\n`;
  let out = applyFix(text, 'db-named-volume');
  assert.ok(out.includes('  db: # data\n    image: postgres:16.4\n    volumes: [db_data:/var/lib/postgresql/data]\n'), out);
  out = applyFix(out, 'db-named-volume');
  assert.ok(out.includes('      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro # config\n      - cache_data:/data\n'), out);
  assert.deepEqual(Object.keys(parse(out).volumes), ['other', 'db_data', 'cache_data']);
  const t4 = fourSpaces(`services:\n  db:\n    image: mongo:7.0.14\n`);
  const o4 = applyFix(t4, 'db-named-volume');
  assert.equal(o4, `services:\n    db:\n        image: mongo:7.0.14\n        volumes: [db_data:/data/db]\nvolumes:\n    db_data: {}\n`);
});
