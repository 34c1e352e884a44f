import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { GOOD } from './baseline.shared';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);


test('copy-before-install: COPY . . before npm ci fires with the install as related info', () => {
  const text = 'FROM node:22.12.0-alpine3.21\nCOPY . .\nRUN npm ci\n';
  const [f] = of(text, 'dockerfile-copy-before-install');
  assert.equal(underlined(text, f), 'COPY . .');
  assert.equal(f.related?.[0].message, 'dependency install');
  assert.equal(of(GOOD, 'dockerfile-copy-before-install').length, 0);
});
