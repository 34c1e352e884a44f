import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';

const targets = `  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1"]
  migrate:
    image: x:1.2.3
    restart: "no"
  cache:
    image: memcached:1.6.32
`;

test('depends-on-healthy: a plain depends_on on a target without healthcheck says it needs one first, points at it, offers no fix', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    depends_on: [cache]\n  worker:\n    image: x:1.2.3\n    depends_on:\n      cache:\n        condition: service_started\n      db:\n        condition: service_healthy\n  web:\n    image: x:1.2.3\n    depends_on: [app]\n  app:\n    build: .\n${targets}`;
  const list = findings(text, 'depends-on-healthy');
  assert.deepEqual(list.map((f) => [f.service, underlined(text, f), f.severity]), [['api', 'depends_on', 'warning'], ['worker', 'depends_on', 'warning'], ['web', 'depends_on', 'info']]);
  assert.match(list[0].message, /cache .*needs a healthcheck first/);
  assert.equal(underlined(text, { range: list[0].related![0].range } as never), 'cache');
  assert.match(list[0].related![0].message, /cache has no healthcheck/);
  const a = check(text);
  for (const f of list) assert.equal(a.fix(f), undefined);
  // With a healthcheck on the target it becomes the fixable kind.
  const mixed = `services:\n  api:\n    image: x:1.2.3\n    depends_on: [db, cache]\n${targets}`;
  const both = findings(mixed, 'depends-on-healthy');
  assert.equal(both.length, 2);
  assert.ok(check(mixed).fix(both[0]));
});
