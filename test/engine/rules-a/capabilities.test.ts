import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

const block = `services:
  api: # the app
    image: python:3.12.8-slim
    cap_add:
      - SYS_ADMIN # needed?
      - SYS_NICE
`;
const flow = `services:
  api: {image: "python:3.12.8-slim", cap_add: [IPC_LOCK, SYS_PTRACE]} # flow
`;

for (const [id, opt, severity] of [
  ['seccomp-not-unconfined', 'seccomp', 'error'],
  ['apparmor-not-unconfined', 'apparmor', 'warning'],
] as const) {
  test(`${id}: fires at the item (both spellings), quiet on a confined profile`, () => {
    const text = `services:\n  api: # app\n    image: x:1.2.3\n    security_opt:\n      - no-new-privileges:true\n      - ${opt}:unconfined # debugging\n`;
    const [f] = findings(text, id);
    assert.equal(underlined(text, f), `${opt}:unconfined`);
    assert.equal(f.severity, severity);
    assert.equal(findings(text.replace(`${opt}:unconfined`, `${opt}=unconfined`), id).length, 1);
    assert.equal(findings(text.replace(`${opt}:unconfined`, `${opt}:my-profile`), id).length, 0);
    const anchored = `x-d: &d\n  security_opt: [${opt}:unconfined]\nservices:\n  api:\n    <<: *d\n    image: x:1.2.3\n`;
    const [g] = findings(anchored, id);
    assert.equal(underlined(anchored, g), 'api');
    assert.equal(check(anchored).fix(g), undefined);
  });

  test(`${id}: fix deletes the item (block, flow) or the whole key when it is the only item`, () => {
    const text = `services:\n  api: # app\n    image: x:1.2.3\n    security_opt:\n      - ${opt}:unconfined # debugging\n      - no-new-privileges:true\n`;
    assert.equal(applyFix(text.replace(' # debugging', ''), id), text.replace(`      - ${opt}:unconfined # debugging\n`, ''));
    const flowSvc = `services:\n  api: {image: x:1.2.3, security_opt: ["no-new-privileges:true", ${opt}:unconfined]} # flow\n`;
    assert.equal(applyFix(flowSvc, id), `services:\n  api: {image: x:1.2.3, security_opt: ["no-new-privileges:true"]} # flow\n`);
    const only = `services:\n    api:\n        image: x:1.2.3 # pinned\n        security_opt: [${opt}:unconfined]\n        init: true\n`;
    assert.equal(applyFix(only, id), `services:\n    api:\n        image: x:1.2.3 # pinned\n        init: true\n`);
  });
}

test('cap-add-minimal: error for dangerous capabilities, warning for the rest, at each item', () => {
  const fs = findings(block, 'cap-add-minimal');
  assert.deepEqual(fs.map((f) => [underlined(block, f), f.severity]), [['SYS_ADMIN', 'error'], ['SYS_NICE', 'warning']]);
  assert.deepEqual(findings(flow, 'cap-add-minimal').map((f) => underlined(flow, f)), ['IPC_LOCK', 'SYS_PTRACE']);
  assert.equal(findings(flow, 'cap-add-minimal')[1].severity, 'error');
  const cap = `services:\n  api:\n    image: x:1.2.3\n    cap_add: [cap_sys_admin]\n`;
  assert.equal(findings(cap, 'cap-add-minimal')[0].severity, 'error', 'CAP_ prefix and case are ignored');
});

test('cap-add-minimal: quiet without cap_add; inherited entries point at the service with the anchor as related info', () => {
  assert.equal(findings(`services:\n  api:\n    image: x:1.2.3\n    cap_drop: [ALL]\n`, 'cap-add-minimal').length, 0);
  const anchored = `x-caps: &caps\n  cap_add: [SYS_ADMIN]\nservices:\n  api:\n    <<: *caps\n    image: x:1.2.3\n`;
  const [f] = findings(anchored, 'cap-add-minimal');
  assert.equal(underlined(anchored, f), 'api');
  assert.equal(underlined(anchored, { ...f, range: f.related![0].range }), '*caps');
  assert.equal(check(anchored).fix(f), undefined, 'no fix edits inside an anchor');
});

test('cap-add-minimal: the removal fix is offered as unsafe and keeps comments (block, flow, single item)', () => {
  const a = check(block);
  assert.equal(a.fix(a.findings.find((f) => f.ruleId === 'cap-add-minimal')!)!.safe, false);
  assert.equal(applyFix(block, 'cap-add-minimal', 1), block.replace('      - SYS_NICE\n', ''));
  assert.equal(applyFix(flow, 'cap-add-minimal', 1), flow.replace(', SYS_PTRACE', ''));
  const single = `services:\n    api:\n        image: x:1.2.3\n        cap_add: [SYS_ADMIN] # why\n        init: true\n`;
  const out = applyFix(single.replace(' # why', ''), 'cap-add-minimal');
  assert.equal(out, `services:\n    api:\n        image: x:1.2.3\n        init: true\n`);
});
