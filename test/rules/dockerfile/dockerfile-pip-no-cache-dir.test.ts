import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, underlined } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string) => findings(text, 'dockerfile-pip-no-cache-dir', DF);
const fix = (text: string, index = 0) => applyFix(text, 'dockerfile-pip-no-cache-dir', index, DF);

test('dockerfile-pip-no-cache-dir: pip install without the flag fires at `install`; the fix inserts --no-cache-dir', () => {
  const text = '# syntax=docker/dockerfile:1\nFROM python:3.12.8-slim\n# deps\nRUN python -m pip install -r req.txt && pip3 install uvicorn\n';
  const list = of(text);
  assert.deepEqual(list.map((f) => underlined(text, f)), ['install', 'install']);
  assert.equal(list[0].severity, 'info');
  assert.equal(fix(text), '# syntax=docker/dockerfile:1\nFROM python:3.12.8-slim\n# deps\nRUN python -m pip install --no-cache-dir -r req.txt && pip3 install uvicorn\n');
  assert.equal(fix(text, 1), '# syntax=docker/dockerfile:1\nFROM python:3.12.8-slim\n# deps\nRUN python -m pip install -r req.txt && pip3 install --no-cache-dir uvicorn\n');
});

test('dockerfile-pip-no-cache-dir: quiet with the flag, PIP_NO_CACHE_DIR, a cache mount, other pip commands', () => {
  assert.deepEqual(of('FROM python:3.12.8-slim\nRUN pip install --no-cache-dir x\n'), []);
  assert.deepEqual(of('FROM python:3.12.8-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n'), []);
  assert.deepEqual(of('FROM python:3.12.8-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install x\n'), []);
  assert.deepEqual(of('FROM python:3.12.8-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n'), []);
  assert.deepEqual(of('FROM python:3.12.8-slim\nRUN pip freeze > req.txt && pip download x\n'), []);
  // ENV after the RUN does not count: the cache was written already.
  assert.equal(of('FROM python:3.12.8-slim\nRUN pip install x\nENV PIP_NO_CACHE_DIR=1\n').length, 1);
});

test('dockerfile-pip-no-cache-dir: a builder stage only copied from is not judged; the shipped stage is', () => {
  const text = 'FROM python:3.12.8-slim AS builder\nRUN pip install --prefix=/install x\nFROM python:3.12.8-slim\nCOPY --from=builder /install /usr/local\nRUN pip install y\n';
  assert.deepEqual(of(text).map((f) => text.slice(0, f.range.start).split('\n').length), [5]);
});
