import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

test('from-explicit-tag: no tag, latest and floating fire; pinned, digests, stages, scratch and pinned ARG defaults do not', () => {
  assert.equal(of('FROM ubuntu\n', 'dockerfile-from-explicit-tag').length, 1);
  assert.equal(of('FROM ollama/ollama:latest\n', 'dockerfile-from-explicit-tag')[0].severity, 'warning');
  assert.equal(of('FROM node:22-alpine\n', 'dockerfile-from-explicit-tag')[0].severity, 'info');
  assert.equal(of('FROM registry.local:5000/team/app\n', 'dockerfile-from-explicit-tag').length, 1, 'a registry port is not a tag');
  for (const ok of ['FROM node:22.12.0-alpine3.21\n', 'FROM scratch\n', 'FROM alpine@sha256:' + 'a'.repeat(64) + '\n', 'ARG V=3.12.8\nFROM python:${V}-slim\n', 'ARG IMG\nFROM ${IMG}\n', 'FROM python:3.12.8-slim AS b\nFROM b\n']) {
    assert.equal(of(ok, 'dockerfile-from-explicit-tag').length, 0, ok);
  }
  assert.equal(of('ARG V=latest\nFROM python:${V}\n', 'dockerfile-from-explicit-tag').length, 1);
});
