import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('npm-ci: lockfile installs fire, named or global packages do not; fix is safe when the lockfile is copied', () => {
  const text = 'FROM node:22.12.0-alpine3.21\nCOPY package.json package-lock.json ./\nRUN npm install --omit=dev\n';
  const a = check(text, DF);
  const f = a.findings.find((x) => x.ruleId === 'dockerfile-npm-ci')!;
  assert.equal(a.fix(f)?.safe, true);
  assert.ok(fix(text, 'dockerfile-npm-ci').endsWith('RUN npm ci --omit=dev\n'));
  assert.equal(of('FROM node:22.12.0-alpine3.21\nRUN npm install -g pnpm@9.15.0 && npm i express\n', 'dockerfile-npm-ci').length, 0);
});
