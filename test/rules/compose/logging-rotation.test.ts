import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

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
