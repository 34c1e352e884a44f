/**
 * Size advice only where the layers ship (issue 11, accuracy pattern 4): apt recommends/lists, apk
 * and pip caches in a builder stage that is only copied from weigh nothing in the final image; in
 * the final stage, or a stage the final one is built FROM, they do. `-y` matters in every stage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

const ids = (text: string, rule: string) => findings(text, rule, 'Dockerfile').map((f) => text.slice(0, f.range.start).split('\n').length);

const builderOnly = `FROM debian:12.8 AS builder
RUN apt-get update && apt-get install -y build-essential
RUN apt-get install build-essential
RUN pip install -r requirements.txt
FROM alpine:3.21.0 AS tools
RUN apk add curl
FROM python:3.12.8-slim
COPY --from=builder /opt/venv /opt/venv
COPY --from=tools /usr/bin/curl /usr/bin/curl
RUN apt-get update && apt-get install -y curl
RUN pip install uvicorn
`;

test('a builder stage only copied from gets no size advice; the final stage does', () => {
  // Lines 2-3 (builder): only the missing -y on line 3 (the build would stop at the prompt).
  const apt = findings(builderOnly, 'dockerfile-apt-hygiene', 'Dockerfile');
  assert.deepEqual(apt.filter((f) => f.data?.problem === 'yes').map((f) => builderOnly.slice(0, f.range.start).split('\n').length), [3]);
  assert.deepEqual([...new Set(apt.filter((f) => f.data?.problem !== 'yes').map((f) => builderOnly.slice(0, f.range.start).split('\n').length))], [10]);
  assert.deepEqual(ids(builderOnly, 'dockerfile-apk-no-cache'), []);
  assert.deepEqual(ids(builderOnly, 'dockerfile-pip-no-cache-dir'), [11]);
});

test('a stage the final stage is built FROM ships its layers, and so does a single-stage file', () => {
  const chained = `FROM debian:12.8 AS base
RUN apt-get update && apt-get install -y curl
FROM base AS runtime
CMD ["curl", "--version"]
`;
  assert.equal(findings(chained, 'dockerfile-apt-hygiene', 'Dockerfile').length, 2);
  assert.deepEqual(ids('FROM alpine:3.21.0\nRUN apk add curl\n', 'dockerfile-apk-no-cache'), [2]);
});
