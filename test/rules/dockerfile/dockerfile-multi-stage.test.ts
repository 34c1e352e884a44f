import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { GOOD } from './baseline.shared';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);


test('multi-stage: a single-stage Node build with a build step fires; multi-stage and plain images do not', () => {
  const single = 'FROM node:22.12.0-alpine3.21\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/index.js"]\n';
  assert.equal(of(single, 'dockerfile-multi-stage').length, 1);
  assert.equal(of(GOOD, 'dockerfile-multi-stage').length, 0);
  assert.equal(of('FROM nginx:1.27.3\nCOPY site /usr/share/nginx/html\n', 'dockerfile-multi-stage').length, 0);
});
