import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { pinAliases } from '../../server/src/engine/compose/aliasIndex';

const merged = `x-log: &log { driver: json-file }
x-base: &base
  restart: always
  logging: *log
services:
  a: { <<: *base, image: a }
  b:
    <<: *base
    logging: *log
`;

test('pinned aliases resolve exactly as yaml resolves them, including redefined anchors', () => {
  const src = `a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: [*x, &y {k: *x}, *y]\nf: { <<: [*y], z: 1 }\n`;
  const plain = parseDocument(src, { merge: true });
  const pinned = parseDocument(src, { merge: true });
  pinAliases(pinned);
  assert.deepEqual(pinned.toJS(), plain.toJS());
  assert.deepEqual(pinned.toJS(), { a: 1, b: 1, c: 2, d: 2, e: [2, { k: 2 }, { k: 2 }], f: { k: 2, z: 1 } });
});

test('merge keys through nested anchors give the same values', () => {
  const src = merged;
  const plain = parseDocument(src, { merge: true });
  const pinned = parseDocument(src, { merge: true });
  pinAliases(pinned);
  assert.deepEqual(pinned.toJS(), plain.toJS());
  const services = pinned.toJS().services;
  assert.deepEqual(services.a, { restart: 'always', logging: { driver: 'json-file' }, image: 'a' });
});

test('the alias-count guard against exponential expansion still applies', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
  const doc = parseDocument(bomb.join('\n') + '\n');
  pinAliases(doc);
  assert.throws(() => doc.toJS({ maxAliasCount: 100 }), /Excessive alias count/);
});

test('an alias to an undefined anchor stays unresolved', () => {
  const doc = parseDocument('a: *nope\n');
  pinAliases(doc);
  const alias = (doc.contents as { items: { value: { resolve(d: unknown): unknown } }[] }).items[0].value;
  assert.equal(alias.resolve(doc), undefined);
});
