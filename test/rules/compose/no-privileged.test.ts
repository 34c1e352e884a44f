import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';

test('no-privileged: fires on privileged: true at the key, quiet on false or absent', () => {
  const text = 'services:\n  api: # app\n    image: x:1.2.3\n    privileged: true # for the GPU?\n    init: true\n';
  const [f, more] = findings(text, 'no-privileged');
  assert.equal(more, undefined);
  assert.equal(underlined(text, f), 'privileged');
  assert.equal(f.severity, 'error');
  assert.equal(f.service, 'api');
  assert.match(f.message, /"api" runs privileged/);
  assert.deepEqual(findings(text.replace('privileged: true', 'privileged: false'), 'no-privileged'), []);
  assert.deepEqual(findings('services:\n  api: {image: x:1.2.3}\n', 'no-privileged'), []);
  // A quoted "true" is a string, which Compose rejects; this rule judges the boolean only.
  assert.deepEqual(findings(text.replace('privileged: true', 'privileged: "true"'), 'no-privileged'), []);
});

test('no-privileged: each privileged service is reported once', () => {
  const text = 'services:\n  a:\n    image: x:1.2.3\n    privileged: true\n  b:\n    image: x:1.2.3\n  c: {image: x:1.2.3, privileged: true}\n';
  assert.deepEqual(findings(text, 'no-privileged').map((f) => f.service), ['a', 'c']);
});

test('no-privileged: fix deletes the line (block, 4-space indent) or the flow entry, comments kept', () => {
  const text = 'services:\n    api: # app\n        image: x:1.2.3\n        privileged: true\n        init: true # reap\n';
  assert.equal(applyFix(text, 'no-privileged'), 'services:\n    api: # app\n        image: x:1.2.3\n        init: true # reap\n');
  const flow = 'services:\n  api: {image: x:1.2.3, privileged: true, init: true} # flow\n';
  assert.equal(applyFix(flow, 'no-privileged'), 'services:\n  api: {image: x:1.2.3, init: true} # flow\n');
});

test('no-privileged: set through a merge key, reported at the service and not fixed (the anchor is shared)', () => {
  const text = 'x-p: &p\n  privileged: true\nservices:\n  api:\n    <<: *p\n    image: x:1.2.3\n';
  const [f] = findings(text, 'no-privileged');
  assert.equal(underlined(text, f), 'api');
  assert.equal(check(text).fix(f), undefined);
});
