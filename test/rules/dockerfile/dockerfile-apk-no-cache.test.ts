import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('apk-no-cache and pip-no-cache-dir fire and insert the flag; PIP_NO_CACHE_DIR and cache cleanup silence them', () => {
  assert.equal(fix('FROM alpine:3.21.0\nRUN apk add curl\n', 'dockerfile-apk-no-cache'), 'FROM alpine:3.21.0\nRUN apk add --no-cache curl\n');
  assert.equal(of('FROM alpine:3.21.0\nRUN apk add curl && rm -rf /var/cache/apk/*\n', 'dockerfile-apk-no-cache').length, 0);
  assert.equal(fix('FROM python:3.12.8-slim\nRUN python -m pip install -r req.txt\n', 'dockerfile-pip-no-cache-dir'), 'FROM python:3.12.8-slim\nRUN python -m pip install --no-cache-dir -r req.txt\n');
  assert.equal(of('FROM python:3.12.8-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n', 'dockerfile-pip-no-cache-dir').length, 0);
});
