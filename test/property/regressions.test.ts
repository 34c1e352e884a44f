/**
 * Every fix-safety defect found so far, from its minimal reproduction (issue "Safe on any input",
 * items 1–3, and what the property tests found since). Names say what broke.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { analyze, applyEdits, fixAllText } from '../../server/src/engine';

const parses = (text: string) => assert.deepEqual(parseDocument(text).errors.map((e) => e.message), [], text);

test('fix-all on a 3-line compose file gives valid YAML with each key once (was 48 lines, keys duplicated after volumes:)', () => {
  const out = fixAllText('compose.yaml', 'services:\n  db:\n    image: postgres:16.4\n').text;
  parses(out);
  const db = parseDocument(out).toJS().services.db;
  assert.equal(db.image, 'postgres:16.4');
  assert.deepEqual(db.cap_drop, ['ALL']);
  assert.deepEqual(Object.keys(parseDocument(out).toJS()), ['services', 'volumes', 'networks']);
  assert.equal(fixAllText('compose.yaml', out).text, out, 'a second run changes nothing');
});

test('fix-all on a file whose last service ends without a newline', () => {
  const out = fixAllText('compose.yaml', 'services:\n  db:\n    image: postgres:16.4').text;
  parses(out);
  assert.equal(parseDocument(out).toJS().services.db.read_only, true);
});

test('a BOM before the first key: new top-level keys start at column 0 and the BOM stays', () => {
  const out = fixAllText('compose.yaml', '\uFEFFservices:\n  db:\n    image: postgres:16.4\n').text;
  assert.ok(out.startsWith('\uFEFFservices:\n'));
  assert.match(out, /\nvolumes:\n {2}db_data: \{\}/);
  parses(out.slice(1));
});

test('a CRLF file gets CRLF inserted lines, from fix-all and from a single quick fix', () => {
  const text = 'services:\r\n  db: # data\r\n    image: postgres:16.4\r\n';
  const out = fixAllText('compose.yaml', text).text;
  assert.ok(!/[^\r]\n/.test(out), JSON.stringify(out));
  assert.ok(out.includes('# data'));
  const a = analyze('compose.yaml', text)!;
  const fix = a.fix(a.findings.find((f) => f.ruleId === 'read-only-rootfs')!)!;
  const single = applyEdits(text, fix.edits);
  assert.ok(!/[^\r]\n/.test(single), JSON.stringify(single));
  parses(single);
});

test('a CRLF Dockerfile gets CRLF inserted lines', () => {
  const out = fixAllText('Dockerfile', 'FROM python:3.12.8-slim\r\nRUN pip install -r requirements.txt\r\nCMD ["python", "app.py"]\r\n').text;
  assert.ok(!/[^\r]\n/.test(out), JSON.stringify(out));
});

function dbVolumeFix(volume: string): { text: string; safe: boolean } {
  const text = `services:\n  db:\n    image: postgres:16.4\n    volumes:\n      - ${volume}\n`;
  const a = analyze('compose.yaml', text)!;
  const fix = a.fix(a.findings.find((f) => f.ruleId === 'db-named-volume')!)!;
  const out = applyEdits(text, fix.edits);
  parses(out);
  return { text: parseDocument(out).toJS().services.db.volumes[0], safe: fix.safe };
}

test('db-named-volume keeps an interpolated bind source apart from its target (was db_data:/var/lib/postgresql/data:/var/lib/postgresql/data)', () => {
  assert.deepEqual(dbVolumeFix('${DATA_DIR:-.}/pg:/var/lib/postgresql/data'), { text: 'db_data:/var/lib/postgresql/data', safe: false });
});

test('db-named-volume keeps :ro, drops bind-only :Z and propagation, and reads /data:ro as an anonymous volume', () => {
  assert.equal(dbVolumeFix('./pg:/var/lib/postgresql/data:Z').text, 'db_data:/var/lib/postgresql/data');
  assert.equal(dbVolumeFix('./pg:/var/lib/postgresql/data:ro,z').text, 'db_data:/var/lib/postgresql/data:ro');
  assert.equal(dbVolumeFix('/var/lib/postgresql/data:ro').text, 'db_data:/var/lib/postgresql/data:ro');
  assert.equal(dbVolumeFix('/var/lib/postgresql/data:ro').safe, true);
});

test('two inserts of one fix at one point come out deepest first (tmpfs item before read_only)', () => {
  const text = 'services:\n    api:\n        image: x:1.2.3\n        tmpfs:\n            - /run # pid file\n';
  const a = analyze('compose.yaml', text)!;
  const out = applyEdits(text, a.fix(a.findings.find((f) => f.ruleId === 'read-only-rootfs')!)!.edits);
  assert.equal(out, text + '            - /tmp\n        read_only: true\n');
});

test('required-env-fail-fast is never applied by fix-all: requiring a variable changes how the stack starts', () => {
  const text = 'services:\n  api:\n    image: x:1.2.3\n    environment:\n      API_KEY: ${API_KEY}\n';
  const out = fixAllText('compose.yaml', text).text;
  assert.ok(out.includes('API_KEY: ${API_KEY}\n'), out);
});

test('a fix whose result would not parse is not offered (the edit model refuses it)', async () => {
  const { vetFix } = await import('../../server/src/engine/edits/editModel');
  const text = 'services:\n  api:\n    image: x:1.2.3 # pinned\n';
  const broken = { title: 'x', safe: true, edits: [{ file: 'compose.yaml', range: { start: 19, end: 19 }, newText: '\n  : :\n' }] };
  assert.equal(vetFix(broken, () => text, 'compose'), undefined);
  const dropsComment = { title: 'y', safe: true, edits: [{ file: 'compose.yaml', range: { start: 35, end: 44 }, newText: '' }] };
  assert.equal(text.slice(35, 44), ' # pinned');
  assert.equal(vetFix(dropsComment, () => text, 'compose'), undefined);
});

test('block check: an edit that swallows the newline before the next key is judged with that key (fuzz seed 721701549)', async () => {
  const { damageAround } = await import('../../server/src/engine/edits/editModel');
  const filler = Array.from({ length: 800 }, (_, i) => `  s${i}:\n    image: busybox:1.36.1\n`).join('');
  const text = `services:\n${filler}  a:\n    security_opt:\n      - "x"\n    pids_limit: 1\n`;
  assert.ok(text.length > 16 * 1024);
  const start = text.indexOf('\n      - "x"\n');
  const edits = [{ file: 'compose.yaml', range: { start, end: start + '\n      - "x"\n'.length }, newText: '\n        deep: 1' }];
  parses(text);
  assert.ok(parseDocument(applyEdits(text, edits)).errors.length > 0, 'the reproduction breaks the file');
  assert.ok(damageAround(text, edits, 'compose'), 'the block check must refuse it');
});
