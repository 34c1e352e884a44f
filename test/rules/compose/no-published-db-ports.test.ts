import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { applyFix, check } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('no-published-db-ports: warning on 0.0.0.0 / no IP, hint on 127.0.0.1, quiet with expose', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    ports: # for psql\n      - "5432:5432"\n`;
  const [f] = findings(text, 'no-published-db-ports');
  assert.equal(underlined(text, f), 'ports');
  assert.equal(f.severity, 'warning');
  const local = text.replace('"5432:5432"', '"127.0.0.1:5432:5432"');
  assert.equal(findings(local, 'no-published-db-ports')[0].severity, 'hint');
  assert.equal(findings(`services:\n  db:\n    image: postgres:16.4\n    expose: ["5432"]\n`, 'no-published-db-ports').length, 0);
  assert.equal(findings(`services:\n  api:\n    image: python:3.12.8\n    ports: ["8000:8000"]\n`, 'no-published-db-ports').length, 0);
});


test('no-published-db-ports fix rewrites ports to expose in block and flow style and merges into expose', () => {
  const text = `services:\n  db:\n    image: redis:7.4.2\n    ports: # for redis-cli\n      - "6379:6379" # cli\n`;
  assert.equal(applyFix(text, 'no-published-db-ports'), `services:\n  db:\n    image: redis:7.4.2\n    expose: # for redis-cli\n      - "6379" # cli\n`);
  const flow = fourSpaces(`services:\n  db:\n    image: mongo:7.0.14\n    ports: ["0.0.0.0:27017:27017"]\n`);
  assert.ok(applyFix(flow, 'no-published-db-ports').includes('        expose: ["27017"]\n'));
  const both = `services:\n  db:\n    image: postgres:16.4\n    ports:\n      - 5432:5432\n    expose:\n      - "9187"\n`;
  const out = applyFix(both, 'no-published-db-ports');
  assert.equal(out, `services:\n  db:\n    image: postgres:16.4\n    expose:\n      - "9187"\n      - "5432"\n`);
  assert.equal(check(out).findings.filter((f) => f.ruleId === 'no-published-db-ports').length, 0);
});

test('no-published-db-ports is relaxed in development override files', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    ports: ["5432:5432"]\n`;
  assert.equal(findings(text, 'no-published-db-ports', 'compose.yaml', { development: true }).length, 0);
});
