import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

test('tls-verification: curl -k, pip --trusted-host, NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
  assert.equal(of('FROM alpine:3.21.0\nRUN curl -fsSk https://x\n', 'dockerfile-tls-verification').length, 1);
  assert.equal(of('FROM python:3.12.8-slim\nRUN pip install --trusted-host pypi.org x\n', 'dockerfile-tls-verification').length, 1);
  assert.equal(of('FROM node:22.12.0-alpine3.21\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n', 'dockerfile-tls-verification').length, 1);
  assert.equal(of('FROM alpine:3.21.0\nRUN curl -fsS https://x -o /tmp/k\n', 'dockerfile-tls-verification').length, 0);
});
