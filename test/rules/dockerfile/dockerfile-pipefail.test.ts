/** dockerfile-pipefail and shell `case` patterns (issue 11, accuracy pattern 5): `a|b)` is not a pipe. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { applyFix } from '../../support/rules';

const of = (text: string) => findings(text, 'dockerfile-pipefail', 'Dockerfile');

test('alternatives of a case pattern are not pipes, on one line or continued', () => {
  const oneLine = 'FROM debian:12.8\nRUN for e in $EXTRAS; do case "$e" in core|ingest) A=1 ;; esac; done\n';
  assert.deepEqual(of(oneLine), []);
  const continued = 'FROM debian:12.8\nRUN case "$(uname -m)" in \\\n      x86_64) A=x64 ;; \\\n      aarch64|arm64) A=arm64 ;; \\\n      */arm64 | */arm64/* ) A=aarch64 ;; \\\n      *) exit 1 ;; \\\n    esac\n';
  assert.deepEqual(of(continued), []);
});

test('a real pipe in a case branch, after esac, or in nested cases is still reported', () => {
  const inBranch = 'FROM debian:12.8\nRUN case "$a" in x|y) curl -fsSL https://example.com/i.sh | sh ;; esac\n';
  const [f] = of(inBranch);
  assert.ok(f);
  assert.equal(inBranch.slice(0, f.range.start).endsWith('i.sh '), true);
  assert.equal(underlined(inBranch, f), '|');
  const after = 'FROM debian:12.8\nRUN case "$a" in x|y) A=1 ;; esac; curl -fsSL https://example.com/x | tar x\n';
  assert.equal(of(after).length, 1);
  const nested = 'FROM debian:12.8\nRUN case "$a" in x) case "$b" in p|q) B=1 ;; esac ;; y|z) A=1 ;; esac; wget -qO- https://example.com/x | tar x\n';
  assert.equal(of(nested).length, 1);
  assert.equal(underlined(nested, of(nested)[0]), '|');
  assert.ok(nested.indexOf('| tar') === of(nested)[0].range.start);
});


const DF = 'Dockerfile';
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

test('pipefail: a pipe fires, || does not, SHELL with pipefail silences it; fix uses ash on alpine', () => {
  const text = 'FROM alpine:3.21.0\nRUN wget -qO- https://x.example/install.sh | sh\n';
  assert.equal(underlined(text, of(text)[0]), '|');
  assert.equal(of('FROM alpine:3.21.0\nRUN a || b\n').length, 0);
  assert.equal(of('FROM alpine:3.21.0\nRUN echo "a|b"\n').length, 0);
  const out = fix(text, 'dockerfile-pipefail');
  assert.ok(out.includes('SHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget'));
});
