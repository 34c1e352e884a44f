import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, findings, underlined } from '../../support/rules';
import { parse } from 'yaml';
import { applyFix } from '../../support/rules';
import { projectFindings } from '../../../server/src/engine/analyze/project';
import { ProjectWorkspace } from '../../../server/src/engine/analyze/workspace';

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

// What the rule remembers of a service between versions of a project (its depends_on, what its image
// lets others wait for) must follow what it rests on: the Dockerfile a target builds, and the other
// services that wait for a target to complete.
const stackDir = '/p-depends-on-healthy';
const keystrokeStack = (condition: string) => `services:
  web:
    image: nginx:1.27.3
    depends_on: [api, queue]
  worker:
    image: x:1.2.3
    depends_on:
      queue:
        condition: ${condition}
  api:
    build: ./api
  queue:
    image: x:1.2.3
`;

function workspaceOf(files: Record<string, string>) {
  const ws = new ProjectWorkspace((p) => files[p]);
  const compose = `${stackDir}/compose.yaml`;
  const messages = () => projectFindings(ws.projectsFor(compose)[0]).filter((f) => f.ruleId === 'depends-on-healthy' && f.service === 'web').map((f) => f.message);
  return { ws, compose, messages };
}

test('depends-on-healthy: a HEALTHCHECK added to the Dockerfile a target builds is seen while the compose file stays the same', () => {
  const files: Record<string, string> = { [`${stackDir}/compose.yaml`]: keystrokeStack('service_started'), [`${stackDir}/api/Dockerfile`]: 'FROM node:22.12.0-slim\nCMD ["node", "server.js"]\n' };
  const { ws, messages } = workspaceOf(files);
  assert.deepEqual(messages(), ['"web" can only wait for api, queue to start, not to be ready: they need a healthcheck first, then condition: service_healthy.']);
  files[`${stackDir}/api/Dockerfile`] = 'FROM node:22.12.0-slim\nHEALTHCHECK CMD node -e "process.exit(0)"\nCMD ["node", "server.js"]\n';
  ws.changed(`${stackDir}/api/Dockerfile`);
  assert.deepEqual(messages(), [
    '"web" starts as soon as api has started, not when ready: wait for api (healthy).',
    '"web" can only wait for queue to start, not to be ready: it needs a healthcheck first, then condition: service_healthy.',
  ]);
});

test('depends-on-healthy: a keystroke in another service that waits for a target to complete changes what a dependent is told', () => {
  const files: Record<string, string> = { [`${stackDir}/compose.yaml`]: keystrokeStack('service_started'), [`${stackDir}/api/Dockerfile`]: 'FROM node:22.12.0-slim\nHEALTHCHECK CMD node -e "process.exit(0)"\nCMD ["node", "server.js"]\n' };
  const { ws, compose, messages } = workspaceOf(files);
  assert.deepEqual(messages(), [
    '"web" starts as soon as api has started, not when ready: wait for api (healthy).',
    '"web" can only wait for queue to start, not to be ready: it needs a healthcheck first, then condition: service_healthy.',
  ]);
  // Only `worker` is edited (re-parsed in place); web and queue keep their merged values.
  const before = ws.projectsFor(compose)[0].service('queue');
  files[compose] = keystrokeStack('service_completed_successfully');
  ws.changed(compose);
  assert.equal(ws.projectsFor(compose)[0].service('queue')?.merged, before?.merged, 'the keystroke is re-used in place');
  assert.deepEqual(messages(), ['"web" starts as soon as api, queue have started, not when ready: wait for api (healthy), queue (completed).']);
});
