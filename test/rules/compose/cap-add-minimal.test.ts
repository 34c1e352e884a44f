/**
 * cap-add-minimal and Docker's default capability set (issue 11, accuracy pattern 5): re-adding a
 * default capability after cap_drop: [ALL] is the minimal set done right; capabilities beyond the
 * default set are still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

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
