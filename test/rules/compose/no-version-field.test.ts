import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

test('no-version-field: fires at the key; fix deletes the line and one blank line after it', () => {
  const text = `# stack\nversion: "3.8" # old\n\nservices:\n  api:\n    image: x:1.2.3\n`;
  const [f] = findings(text, 'no-version-field');
  assert.equal(underlined(text, f), 'version');
  const out = applyFix(text.replace(' # old', ''), 'no-version-field');
  assert.equal(out, `# stack\nservices:\n  api:\n    image: x:1.2.3\n`);
  assert.equal(findings(`services:\n  api: {image: x:1.2.3}\n`, 'no-version-field').length, 0);
  const flowish = `version: '3'\nservices: {api: {image: x:1.2.3}} # flow\n`;
  assert.equal(applyFix(flowish, 'no-version-field'), `services: {api: {image: x:1.2.3}} # flow\n`);
});
