import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, fixAllText } from '../../../server/src/engine';
import { parseDockerfile } from '../../../server/src/engine/dockerfile/parse';
import { corpusDir } from '../../support/corpus';

const corpus = corpusDir('dockerfile');

test('every corpus Dockerfile is analyzed without a crash or rule failure, and fix-all keeps it parseable', { skip: !existsSync(corpus) && 'corpus not found' }, () => {
  const files = readdirSync(corpus);
  assert.ok(files.length >= 10, 'expected the Dockerfile corpus');
  for (const name of files) {
    const text = readFileSync(path.join(corpus, name), 'utf8');
    const a = analyze('Dockerfile', text);
    assert.ok(a, name);
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], name);
    for (const f of a.findings) {
      assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${name}: bad range for ${f.ruleId}`);
      a.fix(f);
      a.suppressions(f);
    }
    const fixed = fixAllText('Dockerfile', text);
    const before = parseDockerfile('Dockerfile', text);
    const after = parseDockerfile('Dockerfile', fixed.text);
    // Safe fixes only add flags or swap words: the instruction sequence stays the same.
    assert.deepEqual(after.instructions.map((i) => i.keyword), before.instructions.map((i) => i.keyword), name);
    const safeRules = new Set(fixed.applied.map((x) => x.ruleId));
    for (const f of fixed.remaining) {
      if (safeRules.has(f.ruleId)) assert.ok(!a.fix(f)?.safe || f.ruleId === 'dockerfile-npm-ci', `${name}: ${f.ruleId} still fixable after fix-all`);
    }
  }
});
