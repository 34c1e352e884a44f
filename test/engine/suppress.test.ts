/**
 * Line suppressions (`# ai-stack-ignore <rule>` on the finding's line or the comment line above),
 * including while typing: the edited file keeps its identity, and a comment typed in (or deleted)
 * must take effect on the next check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectWorkspace } from '../../server/src/engine/analyze/workspace';
import { findings } from '../support/rules';

const base = `services:
  api:
    image: ghcr.io/acme/api:1.2.3
    privileged: true
`;

test('a finding is ignored on its line, from the comment line above, and only for the named rule', () => {
  assert.equal(findings(base, 'no-privileged').length, 1);
  assert.equal(findings(base.replace('privileged: true', 'privileged: true # ai-stack-ignore no-privileged'), 'no-privileged').length, 0);
  assert.equal(findings(base.replace('    privileged: true', '    # ai-stack-ignore no-privileged\n    privileged: true'), 'no-privileged').length, 0);
  assert.equal(findings(base.replace('privileged: true', 'privileged: true # ai-stack-ignore cpu-limit'), 'no-privileged').length, 1);
  // The words elsewhere in the file (not a comment on the finding's line) ignore nothing.
  assert.equal(findings(`# ai-stack-ignore no-privileged is how to silence it\n${base}`, 'no-privileged').length, 1);
});

test('while typing: an ignore comment typed in, then deleted, takes effect on each check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-suppress-'));
  const file = path.join(dir, 'compose.yaml');
  let text = base;
  fs.writeFileSync(file, text);
  const workspace = new ProjectWorkspace((p) => (p === file ? text : undefined));
  const privileged = () => workspace.analyze(file, {}).findings.filter((f) => f.ruleId === 'no-privileged').length;
  try {
    assert.equal(privileged(), 1);
    for (const [next, expected] of [
      [base.replace('privileged: true', 'privileged: true # ai-stack-ignore no-privileged'), 0],
      [base.replace('privileged: true', 'privileged: true # ai-stack-ignore no-privilege'), 1],
      [base.replace('privileged: true', 'privileged: true # ai-stack-ignore no-privileged'), 0],
      [base, 1],
    ] as const) {
      text = next;
      workspace.changed(file);
      assert.equal(privileged(), expected, next);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
