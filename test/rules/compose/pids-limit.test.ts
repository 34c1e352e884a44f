import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

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
