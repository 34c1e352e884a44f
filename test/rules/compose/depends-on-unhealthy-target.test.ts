import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { parse } from 'yaml';
import { applyFix, check } from '../../support/rules';

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

test('depends-on-unhealthy-target: service_healthy on a target without healthcheck is an error at the condition', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    depends_on:\n      cache:\n        condition: service_healthy # wait\n      db:\n        condition: service_healthy\n${targets}`;
  const [f] = findings(text, 'depends-on-unhealthy-target');
  assert.equal(underlined(text, f), 'service_healthy');
  assert.equal(text.slice(0, f.range.start).split('\n').length, 6);
  assert.equal(f.severity, 'error');
  const built = `services:\n  api:\n    image: x:1.2.3\n    depends_on: {web: {condition: service_healthy}}\n  web:\n    build: .\n`;
  assert.equal(findings(built, 'depends-on-unhealthy-target')[0].severity, 'warning');
});


test('depends-on-unhealthy-target fix gives the target the image healthcheck template', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    depends_on:\n      cache: {condition: service_healthy}\n  cache: # sessions\n    image: redis:7.4.2\n`;
  const out = applyFix(text, 'depends-on-unhealthy-target');
  assert.deepEqual(parse(out).services.cache.healthcheck.test, ['CMD', 'redis-cli', '-h', '127.0.0.1', 'ping']);
  assert.equal(check(out).findings.filter((f) => f.ruleId === 'depends-on-unhealthy-target').length, 0);
});
