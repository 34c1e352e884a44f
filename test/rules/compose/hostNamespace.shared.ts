// The five host-namespace rules share one shape (`<key>: host` reported at the value, a fix that
// deletes the line where that is safe); each rule's own test file calls this with its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

export function hostNamespaceTests(id: string, key: string, severity: 'error' | 'warning', fixable: boolean): void {
  test(`${id}: fires on ${key}: host at the value, quiet otherwise`, () => {
    const text = `services:\n  api: # app\n    image: x:1.2.3\n    ${key}: host # shared\n    init: true\n`;
    const [f] = findings(text, id);
    assert.equal(underlined(text, f), 'host');
    assert.equal(f.severity, severity);
    assert.equal(findings(text.replace(': host', ': "service:db"'), id).length, 0);
    assert.equal(findings(`services:\n  api: {image: x:1.2.3}\n`, id).length, 0);
    const anchored = `x-h: &h\n  ${key}: host\nservices:\n  api:\n    <<: *h\n    image: x:1.2.3\n`;
    const [g] = findings(anchored, id);
    assert.equal(underlined(anchored, g), 'api');
    assert.equal(check(anchored).fix(g), undefined);
  });

  if (fixable) {
    test(`${id}: fix deletes the ${key} line (block with 4 spaces, flow)`, () => {
      const text = `services:\n    api: # app\n        image: x:1.2.3\n        ${key}: host\n        init: true\n`;
      assert.equal(applyFix(text, id), `services:\n    api: # app\n        image: x:1.2.3\n        init: true\n`);
      const flow = `services:\n  api: {image: x:1.2.3, ${key}: host, init: true} # flow\n`;
      assert.equal(applyFix(flow, id), `services:\n  api: {image: x:1.2.3, init: true} # flow\n`);
    });
  } else {
    test(`${id}: no automatic fix (the service's reachability would change)`, () => {
      const text = `services:\n  api:\n    image: x:1.2.3\n    ${key}: host\n`;
      const a = check(text);
      assert.equal(a.fix(a.findings.find((f) => f.ruleId === id)!), undefined);
    });
  }
}
