import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate, parseDotEnv, references } from '../../server/src/engine/project/interpolate';

const vars = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
]);
const run = (s: string) => interpolate(s, vars);

test('plain, braced and escaped references', () => {
  assert.equal(run('a-${SET}-$SET-$$SET-$${SET}').value, 'a-value-value-$SET-${SET}');
  assert.equal(run('cost $5 and $ alone').value, 'cost $5 and $ alone');
});

test('defaults: :- treats empty as unset, - only unset', () => {
  assert.equal(run('${UNSET:-d}|${EMPTY:-d}|${SET:-d}').value, 'd|d|value');
  assert.equal(run('${UNSET-d}|${EMPTY-d}|${SET-d}').value, 'd||value');
});

test('alternatives: :+ and +', () => {
  assert.equal(run('${SET:+x}|${EMPTY:+x}|${UNSET:+x}').value, 'x||');
  assert.equal(run('${EMPTY+x}|${UNSET+x}').value, 'x|');
});

test('required: :? fails on empty and unset, ? only on unset, with the message', () => {
  const r = run('${UNSET:?must be set}${EMPTY:?e}${EMPTY?fine}${SET?x}');
  assert.equal(r.value, 'value');
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.name, p.message]),
    [
      ['required-missing', 'UNSET', 'must be set'],
      ['required-missing', 'EMPTY', 'e'],
    ],
  );
  assert.deepEqual(r.problems.map((p) => 'x${UNSET:?must be set}'.slice(p.start + 1, p.end + 1))[0], '${UNSET:?must be set}');
});

test('nested defaults expand, bad syntax is reported not thrown', () => {
  assert.equal(run('${UNSET:-${SET}}').value, 'value');
  assert.equal(run('${UNSET:-${ALSO:-deep}}').value, 'deep');
  assert.deepEqual(run('${SET').problems.map((p) => p.kind), ['invalid-syntax']);
  assert.deepEqual(run('${1BAD}').problems.map((p) => p.kind), ['invalid-syntax']);
  assert.deepEqual(run('${SET:x}').problems.map((p) => p.kind), ['invalid-syntax']);
});

test('unset references without a default are noted', () => {
  assert.deepEqual(run('$UNSET ${UNSET2} ${UNSET3:-ok}').problems.map((p) => [p.kind, p.name]), [
    ['unset', 'UNSET'],
    ['unset', 'UNSET2'],
  ]);
});

test('.env: comments, export, quotes, inline comments, references to earlier lines, shell wins', () => {
  const env = parseDotEnv(
    ['# comment', 'export A=1', "B='lit ${A}'", 'C="line\\nnext ${A}"', 'D=plain # note', 'E=${A}-x', 'F=', 'G=shell-loses'].join('\n'),
    new Map([['G', 'shell']]),
  );
  assert.deepEqual(Object.fromEntries(env), { A: '1', B: 'lit ${A}', C: 'line\nnext 1', D: 'plain', E: '1-x', F: '', G: 'shell-loses' });
});

test('.env like Compose: multi-line quoted values, escapes, \\$ literal, YAML-style keys, bare names, CRLF', () => {
  const env = parseDotEnv(
    [
      'MULTI="first line',
      'second ${A}"  # trailing comment',
      'A=1',
      "PEM='-----BEGIN-----",
      'abc\\n',
      "-----END-----'",
      'ESC="tab\\there \\"q\\" back\\\\slash \\$A $$A \\x"',
      "SQ='it\\'s'",
      'YAML: style',
      'INHERIT',
      'NOT_IN_SHELL',
      'bad key=skipped',
      'UNTERMINATED="rest of line',
      'AFTER=ok\r',
      'HASH=a#b # comment',
    ].join('\n'),
    new Map([['INHERIT', 'from shell']]),
  );
  assert.deepEqual(Object.fromEntries(env), {
    MULTI: 'first line\nsecond ',
    A: '1',
    PEM: '-----BEGIN-----\nabc\\n\n-----END-----',
    ESC: 'tab\there "q" back\\slash $A $A \\x',
    SQ: "it's",
    YAML: 'style',
    INHERIT: 'from shell',
    UNTERMINATED: 'rest of line',
    AFTER: 'ok',
    HASH: 'a#b',
  });
});

test('references: top-level expressions as written, the same grammar as interpolate', () => {
  assert.deepEqual(
    references('a $$x ${A:-${B}} $C ${1x} ${D?msg} ${E:+alt} ${F'),
    [
      { name: 'A', start: 6, end: 16, op: ':-', arg: '${B}' },
      { name: 'C', start: 17, end: 19, op: '', arg: '' },
      { name: 'D', start: 26, end: 34, op: '?', arg: 'msg' },
      { name: 'E', start: 35, end: 44, op: ':+', arg: 'alt' },
    ],
  );
});
