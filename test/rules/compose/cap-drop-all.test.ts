import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

const base = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('cap-drop-all fires on a service without cap_drop, at the service key', () => {
  const [f] = findings(base, 'cap-drop-all');
  assert.equal(underlined(base, f), 'api');
});

test('cap-drop-all is quiet on the hardened form, including when inherited from an anchor', () => {
  assert.equal(findings(base + '    cap_drop: [ALL]\n', 'cap-drop-all').length, 0);
  const anchored = `x-sec: &sec\n  cap_drop: [all]\nservices:\n  api:\n    <<: *sec\n    image: x:1.2.3\n`;
  assert.equal(findings(anchored, 'cap-drop-all').length, 0);
});

test('cap-drop-all fix inserts cap_drop: [ALL] and keeps comments', () => {
  const out = applyFix(base, 'cap-drop-all');
  assert.equal(out, base + '    cap_drop: [ALL]\n');
});

test('cap-drop-all fix prepends ALL to an existing block list', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    cap_drop:\n      - NET_RAW # keep\n`;
  const out = applyFix(text, 'cap-drop-all');
  assert.equal(out, `services:\n  api:\n    image: x:1.2.3\n    cap_drop:\n      - ALL\n      - NET_RAW # keep\n`);
});

test('cap-drop-all on a privileged service: every capability, cap_drop has no effect, reported at privileged without a fix', () => {
  const text = `services:\n  a:\n    image: x:1.2.3\n    privileged: true\n  b:\n    image: x:1.2.3\n    privileged: true\n    cap_drop: [ALL]\n`;
  const list = findings(text, 'cap-drop-all');
  assert.deepEqual(list.map((f) => [f.service, underlined(text, f)]), [['a', 'true'], ['b', 'true']]);
  assert.doesNotMatch(list[0].message, /keeps the default/);
  assert.match(list[0].message, /privileged, so it has every Linux capability/);
  assert.match(list[1].message, /cap_drop has no effect/);
  const a = check(text);
  for (const f of list) assert.equal(a.fix(f), undefined);
});
