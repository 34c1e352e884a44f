/**
 * duplicateKeys finds exactly the keys yaml's own (quadratic) `uniqueKeys` check reports: compared on
 * every corpus compose file, on generated compose files, on random mappings of colliding keys
 * (numbers, strings, booleans, nulls, NaN, merge keys, quoted and tagged keys, flow and block), and
 * on the inputs that made the quadratic check hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { duplicateKeys } from '../../server/src/engine/compose/duplicateKeys';
import { analyze } from '../../server/src/engine';
import '../../server/src/engine';
import { corpusDir } from '../support/corpus';
import { composeCase } from '../property/generators';

/** Offsets of the keys yaml itself reports as duplicates (its own check), and of ours. */
function both(text: string): { yaml: number[]; ours: number[] } {
  const withCheck = parseDocument(text, { merge: true, uniqueKeys: true, logLevel: 'silent' });
  // yaml reports where the key's properties end, which after an empty value is the line break before the key: the key itself starts at the next non-blank.
  const keyAt = (pos: number) => pos + (/^[ \t\r\n]*/.exec(text.slice(pos, pos + 200))?.[0].length ?? 0);
  const yaml = withCheck.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => keyAt(e.pos[0]));
  const ours = duplicateKeys(parseDocument(text, { merge: true, uniqueKeys: false, logLevel: 'silent' }).contents).map((d) => d.start);
  return { yaml: yaml.sort((a, b) => a - b), ours };
}

test('the same duplicates as yaml on every corpus compose file', () => {
  const dir = corpusDir('compose');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 20, `${files.length} corpus files`);
  for (const f of files) {
    const { yaml, ours } = both(fs.readFileSync(path.join(dir, f), 'utf8'));
    assert.deepEqual(ours, yaml, f);
  }
});

test('the same duplicates as yaml on generated compose files with a service or key repeated', () => {
  fc.assert(
    fc.property(composeCase, fc.nat(), (c, n) => {
      const lines = c.text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').split('\n');
      // Repeat one line (a service key, a setting, a list item) right after itself.
      const at = n % lines.length;
      const text = [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)].join('\n');
      const { yaml, ours } = both(text);
      assert.deepEqual(ours, yaml, text);
    }),
    { numRuns: 300, seed: 1130 },
  );
});

const KEYS = ['a', '"a"', "'a'", '1', '"1"', '01', '1.0', 'true', 'True', '"true"', 'null', '~', '""', '.nan', '.NaN', '<<', '"<<"', '!!str 1', '!!int "1"', '? a', '-0', '0', '0x1', '[a]', '{a: 1}'];

test('the same duplicates as yaml on random mappings of colliding keys, block and flow', () => {
  const key = fc.constantFrom(...KEYS);
  fc.assert(
    fc.property(fc.array(key, { minLength: 1, maxLength: 8 }), fc.boolean(), (keys, flow) => {
      const plain = keys.map((k) => (k.startsWith('? ') ? k.slice(2) : k));
      const text = flow ? `m: {${plain.map((k, i) => `${k}: ${i}`).join(', ')}}\n` : `m:\n${keys.map((k, i) => (k.startsWith('? ') ? `  ${k}\n  : ${i}` : `  ${k}: ${i}`)).join('\n')}\n`;
      const { yaml, ours } = both(text);
      assert.deepEqual(ours, yaml, text);
    }),
    { numRuns: 500, seed: 1130 },
  );
});

test('a one-line flow mapping of 30,000 keys and a file of 3,000 services: the repeated key is found, at its range', () => {
  const flow = `services:\n  app:\n    image: nginx:1.25\n    environment: {${Array.from({ length: 30_000 }, (_, i) => `K${i}: v${i}`).join(', ')}, K7: again}\n`;
  const flowFindings = analyze('compose.yaml', flow)!.findings;
  const dup = flowFindings.filter((f) => f.ruleId === 'yaml-duplicate-key');
  assert.equal(dup.length, 1);
  assert.equal(flow.slice(dup[0].range.start, dup[0].range.end), 'K7');
  assert.match(dup[0].message, /Duplicate key: "K7"/);

  const many = `services:\n${Array.from({ length: 3_000 }, (_, i) => `  s${i}:\n    image: nginx:1.25\n`).join('')}  s5:\n    image: nginx:1.25\n`;
  const manyDup = analyze('compose.yaml', many)!.findings.filter((f) => f.ruleId === 'yaml-duplicate-key');
  assert.deepEqual(manyDup.map((f) => many.slice(f.range.start, f.range.end)), ['s5']);
});
