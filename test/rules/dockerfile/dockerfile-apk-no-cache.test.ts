import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('dockerfile-apk-no-cache: fires and inserts the flag; cache cleanup silences it', () => {
  assert.equal(fix('FROM alpine:3.21.0\nRUN apk add curl\n', 'dockerfile-apk-no-cache'), 'FROM alpine:3.21.0\nRUN apk add --no-cache curl\n');
  assert.equal(of('FROM alpine:3.21.0\nRUN apk add curl && rm -rf /var/cache/apk/*\n', 'dockerfile-apk-no-cache').length, 0);
});
