import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

test('single-cmd-entrypoint flags all but the last CMD of a stage', () => {
  const text = 'FROM alpine:3.21.0\nCMD ["a"]\nCMD ["b"]\nFROM alpine:3.21.0\nCMD ["c"]\n';
  const [f, ...rest] = of(text, 'dockerfile-single-cmd-entrypoint');
  assert.equal(rest.length, 0);
  assert.equal(text.slice(0, f.range.start).split('\n').length, 2);
});
