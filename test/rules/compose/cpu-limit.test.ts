import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from '../../support/rules';

const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('cpu-limit fix inserts a quoted "1.0" (block and flow)', () => {
  assert.equal(applyFix(svc, 'cpu-limit'), svc + '    deploy:\n      resources:\n        limits:\n          cpus: "1.0"\n');
  const flow = `services:\n  api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'cpu-limit'), `services:\n  api: {image: x:1.2.3, deploy: {resources: {limits: {cpus: "1.0"}}}} # flow\n`);
});
