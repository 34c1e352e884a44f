import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

test('stage-aliases: duplicates, unknown, later and self references, multi-source COPY without a directory', () => {
  const text = `FROM alpine:3.21.0 AS a\nCOPY --from=a x y\nCOPY --from=b x y\nCOPY --from=c x y\nFROM alpine:3.21.0 AS A\nFROM alpine:3.21.0 AS c\nCOPY a b dest\nCOPY a b ./\nCOPY a b .\nCOPY --from=nginx:1.27.3 /x /y\n`;
  assert.equal(of(text, 'dockerfile-stage-aliases').length, 5);
});
