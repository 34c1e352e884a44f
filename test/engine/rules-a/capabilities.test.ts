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
