import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('db-named-volume: unmounted data dir at the service key, says it is in the image\'s anonymous VOLUME and what loses it', () => {
  const text = `services:\n  db: # data\n    image: postgres:16.4\n`;
  const [f] = findings(text, 'db-named-volume');
  assert.equal(underlined(text, f), 'db');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /keeps \/var\/lib\/postgresql\/data in the anonymous volume its image declares \(VOLUME \/var\/lib\/postgresql\/data\): it survives restarts.*after `docker compose down` the next `up` starts with a new, empty volume, and `down -v` deletes it/);
  // An image without a VOLUME there keeps the data in the container's writable layer.
  const [q] = findings(`services:\n  vec:\n    image: qdrant/qdrant:v1.12.4\n`, 'db-named-volume');
  assert.match(q.message, /\/qdrant\/storage in the container's writable layer \(the image declares no VOLUME there\): the data is lost whenever the container is recreated/);
});

test('db-named-volume: bind mounts and anonymous volumes are reported on the mount; named volumes and PGDATA pass', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    volumes:\n      - ./pgdata:/var/lib/postgresql/data # local\n  mysql:\n    image: mysql:8.4.3\n    volumes: ["/var/lib/mysql"]\n`;
  const list = findings(text, 'db-named-volume');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['./pgdata:/var/lib/postgresql/data', '"/var/lib/mysql"']);
  assert.match(list[0].message, /bind mount/);
  const a = check(text);
  assert.equal(a.fix(list[0])?.safe, false, 'moving host data is for a person');
  const out = applyFix(text, 'db-named-volume', 0);
  assert.ok(out.includes('      - db_data:/var/lib/postgresql/data # local\n'), out);
  const flow = applyFix(text, 'db-named-volume', 1);
  assert.ok(flow.includes('volumes: ["mysql_data:/var/lib/mysql"]'), flow);
  const ok = `services:\n  db:\n    image: postgres:16.4\n    environment: {PGDATA: /pg}\n    volumes: [pg:/pg]\n  q:\n    image: qdrant/qdrant:v1.12.4\n    volumes: [{type: volume, source: q, target: /qdrant/storage}]\n  pg18:\n    image: postgres:18.1\n    volumes: [pg18:/var/lib/postgresql]\nvolumes: {pg: {}, q: {}, pg18: {}}\n`;
  assert.equal(findings(ok, 'db-named-volume').length, 0);
});

test('db-named-volume: an empty top-level volumes key gets the entry', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\nvolumes:\n`;
  const out = applyFix(text, 'db-named-volume');
  assert.deepEqual(parse(out).volumes, { db_data: {} });
});


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
