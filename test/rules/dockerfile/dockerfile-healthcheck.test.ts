import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('healthcheck: fires without one in the final stage, quiet with HEALTHCHECK NONE, fix probes 127.0.0.1 on the EXPOSEd port', () => {
  const text = `FROM python:3.12.8-slim\nUSER 1001\nEXPOSE 8000\nCMD ["python", "app.py"]\n`;
  assert.equal(of(text, 'dockerfile-healthcheck').length, 1);
  assert.equal(of(text.replace('EXPOSE', 'HEALTHCHECK NONE\nEXPOSE'), 'dockerfile-healthcheck').length, 0);
  const out = fix(text, 'dockerfile-healthcheck');
  assert.match(out, /HEALTHCHECK .*http:\/\/127\.0\.0\.1:8000\/health \|\| exit 1\nCMD/);
});
