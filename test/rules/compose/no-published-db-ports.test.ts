import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

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
