import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('copy-not-add: local ADD fires and becomes COPY; URLs and archives do not fire', () => {
  const text = 'FROM alpine:3.21.0\nADD src/ /app/\n';
  assert.equal(fix(text, 'dockerfile-copy-not-add'), 'FROM alpine:3.21.0\nCOPY src/ /app/\n');
  assert.equal(of('FROM alpine:3.21.0\nADD https://example.com/x.tgz /x\nADD rootfs.tar.gz /\n', 'dockerfile-copy-not-add').length, 0);
});
