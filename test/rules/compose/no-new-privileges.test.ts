import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

const nnpBase = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('no-new-privileges: fires when security_opt is missing (service key) or lacks the option (the list)', () => {
  assert.equal(underlined(nnpBase, findings(nnpBase, 'no-new-privileges')[0]), 'api');
  const other = nnpBase + '    security_opt:\n      - apparmor:docker-default\n';
  assert.equal(underlined(other, findings(other, 'no-new-privileges')[0]), '- apparmor:docker-default');
  const off = nnpBase + '    security_opt: ["no-new-privileges:false"]\n';
  assert.equal(findings(off, 'no-new-privileges').length, 1);
});

test('no-new-privileges: quiet on every accepted spelling and via an anchor', () => {
  for (const v of ['"no-new-privileges:true"', 'no-new-privileges', '"no-new-privileges=true"']) {
    assert.equal(findings(nnpBase + `    security_opt: [${v}]\n`, 'no-new-privileges').length, 0, v);
  }
  const anchored = `x-sec: &sec\n  security_opt: ["no-new-privileges:true"]\nservices:\n  api:\n    <<: *sec\n    image: x:1.2.3\n`;
  assert.equal(findings(anchored, 'no-new-privileges').length, 0);
});

test('no-new-privileges: fix inserts the option or appends it (block, flow, 4-space indent)', () => {
  assert.equal(applyFix(nnpBase, 'no-new-privileges'), nnpBase + '    security_opt: ["no-new-privileges:true"]\n');
  const list = nnpBase + '    security_opt:\n      - apparmor:docker-default # keep\n';
  assert.equal(applyFix(list, 'no-new-privileges'), list + '      - "no-new-privileges:true"\n');
  const flowSvc = `services:\n  api: {image: x:1.2.3, security_opt: [label:disable]} # flow\n`;
  assert.equal(applyFix(flowSvc, 'no-new-privileges'), `services:\n  api: {image: x:1.2.3, security_opt: [label:disable, "no-new-privileges:true"]} # flow\n`);
  const four = `services:\n    api:\n        image: x:1.2.3 # pinned\n`;
  assert.equal(applyFix(four, 'no-new-privileges'), four + '        security_opt: ["no-new-privileges:true"]\n');
  const flowMap = `services:\n  api: {image: x:1.2.3}\n`;
  assert.equal(applyFix(flowMap, 'no-new-privileges'), `services:\n  api: {image: x:1.2.3, security_opt: ["no-new-privileges:true"]}\n`);
});
