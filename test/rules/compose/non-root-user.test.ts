import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('non-root-user: fires when missing or root-like, quiet for other users and via anchor', () => {
  assert.equal(underlined(svc, findings(svc, 'non-root-user')[0]), 'api');
  for (const root of ['root', '0', '"0:0"', 'root:root']) {
    const text = svc + `    user: ${root}\n`;
    assert.equal(underlined(text, findings(text, 'non-root-user')[0]), root, root);
  }
  assert.equal(findings(svc + '    user: "1000:1000"\n', 'non-root-user').length, 0);
  assert.equal(findings(svc + '    user: app\n', 'non-root-user').length, 0);
  const anchored = `x-u: &u\n  user: "999"\nservices:\n  api:\n    <<: *u\n    image: x:1.2.3\n`;
  assert.equal(findings(anchored, 'non-root-user').length, 0);
});

test('non-root-user: fix is unsafe (placeholder uid) and inserts or replaces a quoted 1000:1000', () => {
  const a = check(svc);
  assert.equal(a.fix(a.findings.find((f) => f.ruleId === 'non-root-user')!)!.safe, false);
  assert.equal(applyFix(svc, 'non-root-user'), svc + '    user: "1000:1000"\n');
  assert.equal(applyFix(svc + "    user: 'root' # hmm\n", 'non-root-user'), svc + "    user: '1000:1000' # hmm\n");
  assert.equal(applyFix(svc + '    user: 0\n', 'non-root-user'), svc + '    user: "1000:1000"\n');
  const flow = `services:\n    api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'non-root-user'), `services:\n    api: {image: x:1.2.3, user: "1000:1000"} # flow\n`);
});
