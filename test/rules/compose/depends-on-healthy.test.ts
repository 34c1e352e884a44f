import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';
import { parse } from 'yaml';
import { applyFix } from '../../support/rules';

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


test('depends-on-healthy fires on the list form at depends_on, naming what to wait for', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    depends_on: # order\n      - db # postgres\n      - migrate\n      - cache\n${targets}`;
  const [f] = findings(text, 'depends-on-healthy');
  assert.equal(underlined(text, f), 'depends_on');
  assert.match(f.message, /db \(healthy\), migrate \(completed\)/);
});

test('depends-on-healthy fix rewrites a block list to the map form, keeping comments', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    depends_on: # order\n      - db # postgres\n      - migrate\n      - cache\n${targets}`;
  const out = applyFix(text, 'depends-on-healthy');
  assert.ok(out.includes(`    depends_on: # order\n      db: # postgres\n        condition: service_healthy\n      migrate:\n        condition: service_completed_successfully\n      cache:\n        condition: service_started\n`), out);
  assert.deepEqual(parse(out).services.api.depends_on.db, { condition: 'service_healthy' });
});

test('depends-on-healthy fix: flush list, 4 spaces, flow list', () => {
  const t4 = `services:\n    api:\n        image: x:1.2.3\n        depends_on:\n        - db\n    db:\n        image: postgres:16.4\n        healthcheck:\n            test: [CMD, pg_isready]\n`;
  const out = applyFix(t4, 'depends-on-healthy');
  assert.ok(out.includes('        depends_on:\n            db:\n                condition: service_healthy\n'), out);
  const flow = `services:\n  api:\n    image: x:1.2.3\n    depends_on: [db, "migrate"] # order\n${targets}`;
  const flowOut = applyFix(flow, 'depends-on-healthy');
  assert.ok(flowOut.includes('    depends_on: {db: {condition: service_healthy}, "migrate": {condition: service_completed_successfully}} # order\n'), flowOut);
});

test('depends-on-healthy fix in the map form: adds a missing condition, upgrades service_started', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    depends_on:\n      db:\n        restart: true # reconnects\n      migrate:\n        condition: service_started\n${targets}`;
  const out = applyFix(text, 'depends-on-healthy');
  assert.ok(out.includes('      db:\n        restart: true # reconnects\n        condition: service_healthy\n      migrate:\n        condition: service_completed_successfully\n'), out);
});

test('depends-on-healthy is quiet on the hardened form and on unknown targets', () => {
  const hardened = `services:\n  api:\n    image: x:1.2.3\n    depends_on:\n      db: {condition: service_healthy}\n      migrate: {condition: service_completed_successfully}\n${targets}`;
  assert.equal(findings(hardened, 'depends-on-healthy').length, 0);
  // A target that is not in this file (undefined-reference reports it) is not guessed about.
  assert.equal(findings(`services:\n  api:\n    image: x:1.2.3\n    depends_on: [elsewhere]\n${targets}`, 'depends-on-healthy').length, 0);
});
