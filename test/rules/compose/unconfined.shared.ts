// seccomp-not-unconfined and apparmor-not-unconfined share one shape (a `security_opt` item
// `<profile>:unconfined` or `<profile>=unconfined`, fixed by deleting the item); each rule's own
// test file calls this with its profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

export function unconfinedTests(id: string, profile: 'seccomp' | 'apparmor', severity: 'error' | 'warning'): void {
  const opt = `${profile}:unconfined`;

  test(`${id}: fires at the item (both spellings), quiet on a confined profile`, () => {
    const text = `services:\n  api: # app\n    image: x:1.2.3\n    security_opt:\n      - no-new-privileges:true\n      - ${opt} # debugging\n`;
    const [f, more] = findings(text, id);
    assert.equal(more, undefined);
    assert.equal(underlined(text, f), opt);
    assert.equal(f.severity, severity);
    assert.equal(f.service, 'api');
    assert.equal(findings(text.replace(opt, `${profile}=unconfined`), id).length, 1);
    assert.equal(findings(text.replace(opt, `${profile}:my-profile`), id).length, 0);
    assert.equal(findings(`services:\n  api:\n    image: x:1.2.3\n    security_opt: [no-new-privileges:true]\n`, id).length, 0);
    assert.equal(findings(`services:\n  api: {image: x:1.2.3}\n`, id).length, 0);
  });

  test(`${id}: set through a merge key, reported at the service without a fix`, () => {
    const anchored = `x-d: &d\n  security_opt: [${opt}]\nservices:\n  api:\n    <<: *d\n    image: x:1.2.3\n`;
    const [g] = findings(anchored, id);
    assert.equal(underlined(anchored, g), 'api');
    assert.equal(check(anchored).fix(g), undefined);
  });

  test(`${id}: fix deletes the item (block, flow) or the whole key when it is the only item`, () => {
    const text = `services:\n  api: # app\n    image: x:1.2.3\n    security_opt:\n      - ${opt}\n      - no-new-privileges:true # keep\n`;
    assert.equal(applyFix(text, id), text.replace(`      - ${opt}\n`, ''));
    const flowSvc = `services:\n  api: {image: x:1.2.3, security_opt: ["no-new-privileges:true", ${opt}]} # flow\n`;
    assert.equal(applyFix(flowSvc, id), `services:\n  api: {image: x:1.2.3, security_opt: ["no-new-privileges:true"]} # flow\n`);
    const only = `services:\n    api:\n        image: x:1.2.3 # pinned\n        security_opt: [${opt}]\n        init: true\n`;
    assert.equal(applyFix(only, id), `services:\n    api:\n        image: x:1.2.3 # pinned\n        init: true\n`);
  });
}
