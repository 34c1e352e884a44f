import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { applyFix } from '../../support/rules';

const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('logging-rotation: fires when logging is missing or a local driver lacks max-size/max-file', () => {
  assert.equal(underlined(svc, findings(svc, 'logging-rotation')[0]), 'api');
  const partial = svc + '    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n';
  const [f] = findings(partial, 'logging-rotation');
  assert.equal(underlined(partial, f), 'logging');
  assert.match(f.message, /max-file/);
  assert.equal(findings(svc + '    logging:\n      driver: syslog\n', 'logging-rotation').length, 0, 'remote drivers rotate elsewhere');
  const good = svc + '    logging:\n      options: {max-size: 10m, max-file: "3"}\n';
  assert.equal(findings(good, 'logging-rotation').length, 0);
  const anchored = `x-logging: &logging\n  logging:\n    driver: local\n    options: {max-size: 10m, max-file: "3"}\nservices:\n  api:\n    <<: *logging\n    image: x:1.2.3\n`;
  assert.equal(findings(anchored, 'logging-rotation').length, 0);
});


test('logging-rotation fix: 10m/3 for apps, 50m/5 for databases and Redis; completes partial options', () => {
  assert.equal(applyFix(svc, 'logging-rotation'), svc + '    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n        max-file: "3"\n');
  const redis = `services:\n    cache:\n        image: redis:7.4.2-alpine # cache\n`;
  assert.equal(applyFix(redis, 'logging-rotation'), redis + '        logging:\n            driver: json-file\n            options:\n                max-size: 50m\n                max-file: "5"\n');
  const db = `services:\n  db: {image: "postgres:16.11-alpine3.21"} # flow\n`;
  assert.equal(applyFix(db, 'logging-rotation'), `services:\n  db: {image: "postgres:16.11-alpine3.21", logging: {driver: json-file, options: {max-size: 50m, max-file: "5"}}} # flow\n`);
  const partial = svc + '    logging:\n      driver: json-file # default\n';
  assert.equal(applyFix(partial, 'logging-rotation'), partial + '      options:\n        max-size: 10m\n        max-file: "3"\n');
  const half = svc + '    logging:\n      options:\n        max-size: 20m # bigger\n';
  assert.equal(applyFix(half, 'logging-rotation'), half + '        max-file: "3"\n');
});
