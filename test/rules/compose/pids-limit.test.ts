import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { applyFix } from '../../support/rules';

const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('pids-limit: fires when missing or unlimited, quiet with a positive limit either way', () => {
  assert.equal(underlined(svc, findings(svc, 'pids-limit')[0]), 'api');
  const unlimited = svc + '    pids_limit: -1\n';
  assert.equal(underlined(unlimited, findings(unlimited, 'pids-limit')[0]), '-1');
  assert.equal(findings(svc + '    pids_limit: 100\n', 'pids-limit').length, 0);
  assert.equal(findings(svc + '    deploy:\n      resources:\n        limits:\n          pids: 0\n', 'pids-limit').length, 1);
  assert.equal(findings(svc + '    deploy:\n      resources:\n        limits:\n          pids: 50\n', 'pids-limit').length, 0);
  assert.equal(findings(`x-p: &p\n  pids_limit: 64\nservices:\n  api:\n    <<: *p\n    image: x:1.2.3\n`, 'pids-limit').length, 0);
});


test('pids-limit fix: pids_limit, or deploy limits when that map exists, or replaces -1', () => {
  assert.equal(applyFix(svc, 'pids-limit'), svc + '    pids_limit: 200\n');
  const limits = svc + '    deploy:\n      resources:\n        limits:\n          memory: 1g # big\n';
  assert.equal(applyFix(limits, 'pids-limit'), limits + '          pids: 200\n');
  assert.equal(applyFix(svc + '    pids_limit: -1 # off\n', 'pids-limit'), svc + '    pids_limit: 200 # off\n');
  const flow = `services:\n    api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'pids-limit'), `services:\n    api: {image: x:1.2.3, pids_limit: 200} # flow\n`);
});
