import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';
import { GOOD } from './baseline.shared';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);


test('user-non-root: fires without USER and on a final root USER; inherited USER counts', () => {
  const noUser = GOOD.replace('USER 1001:1001\n', '');
  assert.equal(underlined(noUser, of(noUser, 'dockerfile-user-non-root')[0]), 'FROM');
  const root = GOOD.replace('USER 1001:1001', 'USER root');
  assert.equal(underlined(root, of(root, 'dockerfile-user-non-root')[0]), 'USER root');
  const inherited = `FROM alpine:3.21.0 AS base\nUSER 1001\nFROM base\nHEALTHCHECK NONE\nCMD ["sh"]\n`;
  assert.equal(of(inherited, 'dockerfile-user-non-root').length, 0);
  const out = fix(noUser, 'dockerfile-user-non-root');
  assert.match(out, /USER node\nCMD \["node", "server.js"\]/);
});
