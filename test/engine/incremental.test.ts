/**
 * The incremental re-parse of one edited service must give exactly what a full parse gives: the
 * same node tree (types, values, tags, anchors, ranges), the same problems and the same findings.
 * Edits are generated with a fixed seed over the corpus, the bench's generated files and examples/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isAlias, isCollection, isNode, isPair, isScalar, Node } from 'yaml';
import { editCompose, generateCompose } from '../../bench/generate';
import { editRealistic, generateRealistic, rng } from '../../bench/realistic';
import { SourceFile } from '../../server/src/engine/compose/sourceFile';
import { ProjectWorkspace } from '../../server/src/engine/analyze/workspace';
import { corpusDir } from '../support/corpus';
import { heapGrowthOverEdits } from '../support/heapOverEdits';

const repo = path.resolve(__dirname, '..', '..');

function shape(node: unknown): unknown {
  if (isPair(node)) return { key: shape(node.key), value: shape(node.value) };
  if (!isNode(node)) return node ?? null;
  const base = { kind: (node as { constructor: { name: string } }).constructor.name, range: node.range, tag: node.tag, anchor: (node as Node).anchor };
  // Aliases are pinned to their anchor (see aliasIndex): without a context, resolve answers the pinned target.
  if (isAlias(node)) return { ...base, source: node.source, target: (node.resolve(undefined as never) as Node | undefined)?.range ?? 'none' };
  if (isScalar(node)) return { ...base, value: typeof node.value === 'symbol' ? '<<' : node.value, type: node.type };
  if (isCollection(node)) return { ...base, flow: !!node.flow, items: node.items.map(shape) };
  return base;
}


/** Edits a user makes inside a service: type into a value, delete a line, add a key, rename the service, add a service. */
function edit(text: string, random: () => number): string {
  const lines = text.split('\n');
  const serviceLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {2,4}\S/.test(l) && !/^\s*#/.test(l));
  if (!serviceLines.length) return text + ' ';
  const [line, at] = serviceLines[Math.floor(random() * serviceLines.length)];
  const indent = line.match(/^ */)![0];
  switch (Math.floor(random() * 6)) {
    case 0: // type a character at the end of the line
      lines[at] = line + (random() < 0.5 ? 'x' : '1');
      break;
    case 1: // delete the line
      lines.splice(at, 1);
      break;
    case 2: // add a key beside it
      lines.splice(at + 1, 0, `${indent}read_only: true`);
      break;
    case 3: // break the YAML (an unclosed flow sequence)
      lines[at] = line.replace(/:\s*(.*)$/, ': [$1');
      break;
    case 4: // add a service
      lines.splice(at, 0, `${indent}added-${Math.floor(random() * 1000)}:`, `${indent}  image: busybox:1.36`);
      break;
    default: // an alias or an anchor
      lines.splice(at + 1, 0, random() < 0.5 ? `${indent}x-extra: &extra {a: 1}` : `${indent}logging: *missing-or-not`);
  }
  return lines.join('\n');
}

function inputs(): { name: string; text: string }[] {
  const out = [10, 60].map((n) => ({ name: `generated-${n}`, text: generateCompose(n) }));
  out.push({ name: 'generated-12-crlf', text: generateCompose(12).replace(/\n/g, '\r\n') });
  for (const f of ['examples/compose.yaml', 'examples/hardened/compose.yaml']) {
    const p = path.join(repo, f);
    if (fs.existsSync(p)) out.push({ name: f, text: fs.readFileSync(p, 'utf8') });
  }
  const dir = corpusDir('compose');
  for (const f of fs.readdirSync(dir).sort().filter((f) => /\.ya?ml$/.test(f))) out.push({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') });
  return out;
}

test('an edit inside one service re-parses only that service, and the result equals a full parse', () => {
  let reused = 0;
  let total = 0;
  for (const { name, text: original } of inputs()) {
    const random = rng(name.length * 7919);
    let previous = SourceFile.parse('/x/compose.yaml', original);
    let text = original;
    let good = original;
    for (let i = 0; i < 12; i++) {
      // As users do, a broken file gets mended: the edit after a problem starts from the last good text.
      if (previous.problems.length) previous = new SourceFile('/x/compose.yaml', (text = good));
      text = edit(text, random);
      const next = SourceFile.parse('/x/compose.yaml', text, previous);
      const full = new SourceFile('/x/compose.yaml', text);
      total++;
      if (next.doc && next.doc === previous.doc) reused++;
      const where = `${name}, edit ${i}`;
      assert.deepEqual(shape(next.doc?.contents), shape(full.doc?.contents), `${where}: same tree`);
      assert.deepEqual(next.problems, full.problems, `${where}: same problems`);
      assert.deepEqual(next.toJS(next.doc?.contents), full.toJS(full.doc?.contents), `${where}: same value`);
      previous = next;
      if (!next.problems.length) good = text;
    }
  }
  // Most generated edits stay inside one service; the test must exercise the splice, not only the fallback.
  assert.ok(reused > total / 4, `re-used the previous document for ${reused} of ${total} edits`);
});

test('findings after a chain of incremental edits equal a fresh analysis', () => {
  const file = '/x/compose.yaml';
  let current = generateCompose(30);
  const ws = new ProjectWorkspace((p) => (p === file ? current : undefined));
  const random = rng(42);
  ws.analyze(file, {});
  for (let i = 0; i < 25; i++) {
    current = edit(current, random);
    ws.changed(file);
    const incremental = ws.analyze(file, {}).findings;
    const fresh = new ProjectWorkspace((p) => (p === file ? current : undefined)).analyze(file, {}).findings;
    assert.deepEqual(incremental, fresh, `edit ${i}`);
  }
});

test('realistic file: findings after a chain of keystrokes (and random edits) equal a fresh analysis', () => {
  // The realistic file draws findings from every rule family (proxies and the apps behind them,
  // secrets, env references): the per-model facts and memoised helpers rules share must give a
  // fresh analysis's findings after any chain of edits.
  const file = '/x/compose.yaml';
  let current = generateRealistic(40);
  const ws = new ProjectWorkspace((p) => (p === file ? current : undefined));
  const random = rng(7);
  ws.analyze(file, {});
  for (let i = 0; i < 16; i++) {
    current = i % 4 === 3 ? edit(current, random) : editRealistic(current, i + Math.floor(random() * 50));
    ws.changed(file);
    const incremental = ws.analyze(file, {}).findings;
    const fresh = new ProjectWorkspace((p) => (p === file ? current : undefined)).analyze(file, {}).findings;
    assert.ok(fresh.length > 100, `edit ${i}: the realistic file draws findings`);
    assert.deepEqual(incremental, fresh, `edit ${i}`);
  }
});

test('a file edited in place keeps its identity and takes the new text, and a file with problems is parsed in full', () => {
  const a = SourceFile.parse('/x/c.yaml', 'services:\n  api:\n    image: a\n  db:\n    image: b\nvolumes: {}\n');
  const db = a.root?.items[0]?.value;
  const b = SourceFile.parse('/x/c.yaml', 'services:\n  api:\n    image: aa\n  db:\n    image: b\nvolumes: {}\n', a);
  assert.equal(b, a, 'the edit inside api updated the file in place');
  assert.equal(b.text, 'services:\n  api:\n    image: aa\n  db:\n    image: b\nvolumes: {}\n');
  assert.equal(b.version, 1);
  assert.deepEqual(b.lastEdit, { version: 1, shift: { start: 'services:\n'.length, oldEnd: 'services:\n  api:\n    image: a\n'.length, delta: 1 }, services: ['api'] });
  assert.equal(b.root?.items[0]?.value, db, 'the services map and the untouched db service keep their nodes');
  assert.equal(b.rangeOf(b.root?.items[1]?.value as Node).start, 'services:\n  api:\n    image: aa\n  db:\n    image: b\nvolumes: '.length);
  const c = SourceFile.parse('/x/c.yaml', 'services:\n  api:\n    image: aa\n  web:\n    image: b\nvolumes: {}\n', b);
  assert.equal(c, a, 'a rename inside one block is still in place');
  assert.deepEqual(c.lastEdit?.services, ['db', 'web']);
  const broken = SourceFile.parse('/x/c.yaml', 'services:\n  api:\n    image: [a\n  db:\n    image: b\nvolumes: {}\n', b);
  assert.ok(broken.problems.length > 0);
  const after = SourceFile.parse('/x/c.yaml', 'services:\n  api:\n    image: [a]\n  db:\n    image: b\nvolumes: {}\n', broken);
  assert.notEqual(after.doc, broken.doc);
  assert.deepEqual(after.problems, []);
});

test('memory stays flat over many incremental edits (no version of the text is kept alive)', () => {
  const growth = heapGrowthOverEdits(generateCompose(300), editCompose, 20, 80);
  // Each version's text is ~110 KB: keeping them would grow the heap by ~9 MB over 80 edits.
  assert.ok(growth < 3 * 1024 * 1024, `heap grew by ${(growth / 1048576).toFixed(1)} MB over 80 edits`);
});
