import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

test('no-sudo fires on sudo as a command only', () => {
  assert.equal(of('FROM debian:12.8\nRUN sudo apt-get update\n', 'dockerfile-no-sudo').length, 1);
  assert.equal(of('FROM debian:12.8\nRUN echo sudo\n', 'dockerfile-no-sudo').length, 0);
});
