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

test('a URL password of 40 `${A}` parts and no `@` is checked, not backtracked exponentially (LSP fuzz seed 20261130, case 55 family)', async () => {
  // required-env-fail-fast's URL_WITH_PASSWORD and secrets.ts urlCredentials let `$` match both as
  // the start of `${…}` and as a plain character: 2^40 ways to fail. In a child with a timeout, so a
  // regression fails this test instead of hanging the suite.
  const { runIsolated } = await import('../robustness/isolated');
  const text = `services:\n  app:\n    image: nginx:1.27.3\n    environment:\n      - URL=postgres://user:${'${A}'.repeat(40)} x@db\n      - DSN=mysql://u:${'${B}'.repeat(40)}\n`;
  const out = runIsolated('analyze', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'), 'the file was checked');
});

test('a 2 MB run of letters after `${X}` in an environment value is checked in one pass (URL scheme bounded; LSP fuzz seed 20261130, case 55)', async () => {
  // `[a-z][a-z0-9+.-]*://` rescanned the run from every position: quadratic (57 KB: 79 s of fix-all in the server).
  const { runIsolated } = await import('../robustness/isolated');
  const text = `services:\n  app:\n    image: nginx:1.27.3\n    environment:\n      - SECRETKEY_AWS_NAME=\${X}${'x'.repeat(2_000_000)}\n`;
  const out = runIsolated('analyze', { files: { 'compose.yaml': text }, target: 'compose.yaml' });
  assert.ok(out.findings.some((f) => f.ruleId === 'cap-drop-all'), 'the file was checked');
});

test('URL passwords are still found after the regex change: interpolated, literal, with `$$` and a lone `$`', () => {
  const text = 'services:\n  app:\n    image: nginx:1.27.3\n    environment:\n      A: postgres://u:${DB_PASSWORD}@db/x\n      B: redis://u:hunter2@cache:6379\n';
  const { urlCredentials } = require('../../server/src/engine/shared/secrets') as typeof import('../../server/src/engine/shared/secrets');
  assert.deepEqual(urlCredentials('postgres://u:${DB_PASSWORD}@db/x'), [{ start: 13, end: 27, literal: false }]);
  assert.deepEqual(urlCredentials('redis://u:pa$$word@cache'), [{ start: 10, end: 18, literal: false }]);
  assert.deepEqual(urlCredentials('redis://u:pa$word@cache'), [{ start: 10, end: 17, literal: false }]);
  assert.deepEqual(urlCredentials('http://u:hunter2@host'), [{ start: 9, end: 16, literal: true }]);
  assert.ok(analyze('/tmp/x/compose.yaml', text, {})!.findings.some((f) => f.ruleId === 'no-hardcoded-secrets'));
});

test('hover and definition answer at every offset when a block sequence is a key and holds `<<: *undefined` (LSP fuzz seed 763856217, case 63)', async () => {
  // keyString() stringified the collection key through yaml's toJSON, which threw "Merge sources must be maps or map aliases".
  const { ProjectWorkspace } = await import('../../server/src/engine/analyze/workspace');
  const { definitionAt, hoverAt } = await import('../../server/src/engine/language');
  const text = 'services:\n  - a\n- b\n  # c\n  <<: *u';
  const file = '/tmp/ai-stack-regression/compose.yaml';
  const ws = new ProjectWorkspace((p) => (p === file ? text : undefined));
  assert.ok(ws.analyze(file, {}).findings.length > 0, 'the file is checked');
  const project = ws.projectsFor(file)[0];
  for (let offset = 0; offset <= text.length; offset++) {
    hoverAt(project, file, offset);
    definitionAt(project, file, offset);
  }
});

test('fix-all takes a service\'s fixes in finding order: a fix that waits a round holds back the later ones (fuzz seed 11425: a flow map got tmpfs before networks)', () => {
  // The generated case as found (without its BOM): web's service-networks fix touches what another
  // service's fix changes in the same round, so it waits; web's read-only-rootfs must wait with it.
  const text = "# ports: [\"9:9\"]\r\nx-defaults: &defaults\r\n    restart: unless-stopped\r\n    logging:\r\n        driver: json-file # rotate later\r\nservices:\r\n    # keep me\r\n    caf\u00e9: #no space\r\n        <<: *defaults\r\n        image: busybox:1.36.1\r\n        ports:\r\n            - 127.0.0.1:5432:5432\r\n        environment:\r\n            - POSTGRES_PASSWORD=pw\r\n        ipc: host\r\n    # ports: [\"9:9\"]\r\n    web: {image: busybox:1.36.1, read_only: false, command: [\"sh\", \"-c\", \"alembic upgrade head && uvicorn app:app\"], pids_limit: 100, ports: [0.0.0.0:80:80], environment: {API_KEY: \"${API_KEY}\", OLLAMA_HOST: http://ollama:11434}} # ports: [\"9:9\"]\r\n    proxy: {image: busybox:1.36.1, read_only: false, restart: \"no\", volumes: [models:/root/.ollama], user: \"0\"} # keep me\r\n    #no space\r\n    db: #no space\r\n        <<: *defaults\r\n        image: python:3.12.8-slim\r\n        restart: \"no\"\r\n        cap_drop:\r\n            - ALL\r\n        user: root\r\n        networks:\r\n            - backend\r\n        cap_add:\r\n            - SYS_ADMIN\r\n        depends_on:\r\n            - caf\u00e9\r\n    # keep me\r\n    redis: {image: busybox:1.36.1, deploy: {resources: {limits: {memory: 512M}}}, ipc: host} # TODO: pin\r\n# end\r\n";
  let current = text;
  for (let i = 0; i < 200; i++) {
    const a = analyze('compose.yaml', current)!;
    const next = a.findings.map((f) => a.fix(f)).find((fix) => fix?.safe);
    if (!next) break;
    current = applyEdits(current, next.edits);
  }
  assert.equal(fixAllText('compose.yaml', text).text, current);
});
