import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { GOOD } from '../../rules/dockerfile/baseline.shared';

const DF = 'Dockerfile';
const ids = (text: string) => check(text, DF).findings.map((f) => f.ruleId);
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);


test('the hardened baseline has no findings', () => {
  assert.deepEqual(ids(GOOD), []);
});

test('suppression comments: on the line above the instruction, also for findings on continuation lines', () => {
  const text = 'FROM alpine:3.21.0\n# ai-stack-ignore dockerfile-apk-no-cache\nRUN true && \\\n    apk add curl\n';
  assert.equal(of(text, 'dockerfile-apk-no-cache').length, 0);
  const plain = 'FROM alpine:3.21.0\nRUN apk add curl\n';
  const a = check(plain, DF);
  const [s] = a.suppressions(a.findings.find((f) => f.ruleId === 'dockerfile-apk-no-cache')!);
  assert.equal(s.edits[0].newText, '# ai-stack-ignore dockerfile-apk-no-cache\n');
});

test('CRLF files and the backtick escape directive keep exact ranges', () => {
  const crlf = 'FROM alpine:3.21.0\r\nRUN apk add \\\r\n    curl\r\n';
  assert.equal(fix(crlf, 'dockerfile-apk-no-cache'), 'FROM alpine:3.21.0\r\nRUN apk add --no-cache \\\r\n    curl\r\n');
  const win = '# escape=`\nFROM node:18.20.5-windowsservercore-ltsc2022\nHEALTHCHECK CMD node -e "fetch(\'http://localhost:80/\')" `\n  || exit 1\n';
  const [f] = of(win, 'dockerfile-healthcheck-loopback-ip');
  assert.equal(underlined(win, f), 'localhost');
});

test('bad input gives findings, not exceptions', () => {
  for (const text of ['', '\n\n', 'RUN echo hi\n', 'FROM\n', 'FROM a AS\nCOPY --from= x\n', 'CMD [\n', '\u0000\u0001garbage']) {
    assert.doesNotThrow(() => check(text, DF));
  }
  assert.ok(ids('RUN echo hi\n').includes('dockerfile-syntax'));
});
