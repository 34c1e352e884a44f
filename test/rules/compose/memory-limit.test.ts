import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../support/rules';

test('memory-limit: no fix when deploy comes from an anchor (adding would shadow it)', () => {
  const anchored = `x-d: &d\n  deploy: {replicas: 1}\nservices:\n  api:\n    <<: *d\n    image: x:1.2.3\n`;
  const a = check(anchored);
  assert.equal(a.fix(a.findings.find((f) => f.ruleId === 'memory-limit')!), undefined);
});
