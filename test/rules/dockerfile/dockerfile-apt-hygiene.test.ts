/**
 * Size advice only where the layers ship (issue 11, accuracy pattern 4): apt recommends/lists, apk
 * and pip caches in a builder stage that is only copied from weigh nothing in the final image; in
 * the final stage, or a stage the final one is built FROM, they do. `-y` matters in every stage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { applyFix } from '../../support/rules';
import { fixAllText } from '../../../server/src/engine';

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


const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('apt-hygiene: missing -y, --no-install-recommends, list cleanup and apt; all fixable', () => {
  const text = 'FROM debian:12.8\nRUN apt-get update && \\\n    apt-get install curl\n';
  const problems = of(text, 'dockerfile-apt-hygiene').map((f) => f.data?.problem);
  assert.deepEqual(problems.sort(), ['lists', 'recommends', 'yes']);
  const all = fixAllText(DF, text).text;
  assert.equal(all, 'FROM debian:12.8\nRUN apt-get update && \\\n    apt-get install --no-install-recommends -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n'.replace('--no-install-recommends -y', all.includes('-y --no') ? '-y --no-install-recommends' : '--no-install-recommends -y'));
  assert.deepEqual(of(all, 'dockerfile-apt-hygiene'), []);
  assert.equal(fix('FROM debian:12.8\nRUN apt install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n', 'dockerfile-apt-hygiene'), 'FROM debian:12.8\nRUN apt-get install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n');
  assert.deepEqual(of('FROM debian:12.8\nRUN apt-get install -qq --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n', 'dockerfile-apt-hygiene'), []);
});
