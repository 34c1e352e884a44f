/**
 * effectiveEntry (one key, nothing built) answers what effectiveEntries(...).get(key) answers, for
 * every key of every mapping (and an absent key) in every corpus compose file, merge keys included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isMap, visit, YAMLMap } from 'yaml';
import { SourceFile } from '../../server/src/engine/compose/sourceFile';
import { effectiveEntries, effectiveEntry, forgetEntries } from '../../server/src/engine/compose/mapping';
import { corpusDir } from '../support/corpus';

test('effectiveEntry equals effectiveEntries(...).get on every mapping of the corpus', () => {
  const dir = corpusDir('compose');
  let compared = 0;
  for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const file = new SourceFile(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8'));
    if (!file.doc) continue;
    const maps: YAMLMap[] = [];
    visit(file.doc, { Map: (_k, m) => void maps.push(m as YAMLMap) });
    for (const map of maps) {
      // Fresh each time: long maps are remembered, and the one-key path must also be right without that.
      forgetEntries(map);
      const one = (key: string) => effectiveEntry(file, map, key);
      const expected = effectiveEntries(file, map);
      for (const key of [...expected.keys(), 'no-such-key']) {
        forgetEntries(map);
        assert.deepEqual(one(key), expected.get(key), `${name}: ${key}`);
        compared++;
      }
    }
    assert.ok(isMap(file.doc.contents) || !file.doc.contents, name);
  }
  assert.ok(compared > 1000, `${compared} keys compared`);
});
