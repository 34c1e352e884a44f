/**
 * cap-add-minimal and Docker's default capability set (issue 11, accuracy pattern 5): re-adding a
 * default capability after cap_drop: [ALL] is the minimal set done right; capabilities beyond the
 * default set are still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { applyFix, check } from '../../support/rules';

test('default-set capabilities re-added after cap_drop: [ALL] are not reported', () => {
  const text = `services:
  caddy:
    image: caddy:2.9.1
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
  valkey:
    image: valkey/valkey:8.0.1
    cap_drop:
      - ALL
    cap_add:
      - SETGID
      - SETUID
      - DAC_OVERRIDE
      - cap_chown
`;
  assert.deepEqual(findings(text, 'cap-add-minimal'), []);
});

test('capabilities beyond the default set are reported, the dangerous ones as errors', () => {
  const text = `services:\n  bench:\n    image: x/bench:1.2.3\n    cap_drop: [ALL]\n    cap_add: [AUDIT_CONTROL, CHOWN, NET_ADMIN]\n`;
  const found = findings(text, 'cap-add-minimal');
  assert.deepEqual(found.map((f) => [underlined(text, f), f.severity]), [['AUDIT_CONTROL', 'warning'], ['NET_ADMIN', 'error']]);
  assert.match(found[0].message, /not in Docker's default capability set/);
});


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
