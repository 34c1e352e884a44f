// no-hardcoded-secrets on values written once and used by several services (issue 12.8): one
// finding where the value is written, one fix there, one variable name for every user, preferably
// the one the stack already uses for that credential.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseDocument } from 'yaml';
import { applyEdits } from '../../../server/src/engine';
import { loadProject } from '../../../server/src/engine/project/project';
import { analyzeProject, projectFindings } from '../../../server/src/engine/analyze/project';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

const SECRET = 'supersecret';
const RULE = 'no-hardcoded-secrets';

test('URL in a merged anchor: one finding at the anchor naming both users; the fix reads the db service\'s POSTGRES_PASSWORD', () => {
  const text = `x-app: &app
  image: app:1.2.3
  environment:
    DATABASE_URL: postgresql://app:${SECRET}@db:5432/app # shared by api and worker
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}
  api:
    <<: *app
  worker:
    <<: *app
`;
  const list = findings(text, RULE);
  assert.equal(list.length, 1, list.map((f) => f.message).join('\n'));
  assert.equal(underlined(text, list[0]), SECRET);
  assert.ok(list[0].range.start < text.indexOf('services:'), 'reported where the value is written');
  assert.match(list[0].message, /In "api" and "worker", DATABASE_URL contains a URL with a literal password: read it from the environment as \$\{POSTGRES_PASSWORD:\?…\}/);
  assert.deepEqual(list[0].related?.map((r) => [underlined(text, { ...list[0], range: r.range }), r.message]), [
    ['api', 'used by "api" through &app'],
    ['worker', 'used by "worker" through &app'],
  ]);
  assert.ok(!list[0].message.includes(SECRET));
  const out = applyFix(text, RULE);
  assert.equal(parse(out, { merge: true }).services.api.environment.DATABASE_URL, 'postgresql://app:${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}@db:5432/app');
  assert.ok(out.includes('# shared by api and worker'));
});

test('URL in an x- block aliased as environment (whole and merged): one name, the variable the db service reads', () => {
  const text = `x-env: &env
  DATABASE_URL: "postgresql://app:${SECRET}@db:5432/app"
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: \${DB_PASS:?DB_PASS must be set} # from .env
  api:
    image: app:1.2.3
    environment: *env
  worker:
    image: app:1.2.3
    environment:
      <<: *env
      LOG_LEVEL: info
`;
  const a = check(text);
  const list = a.findings.filter((f) => f.ruleId === RULE);
  assert.equal(list.length, 1, list.map((f) => f.message).join('\n'));
  assert.equal(underlined(text, list[0]), SECRET);
  assert.match(list[0].message, /In "api" and "worker",.*\$\{DB_PASS:\?…\}/);
  const fix = a.fix(list[0])!;
  assert.equal(fix.title, 'Read DB_PASS from the environment');
  assert.equal(fix.edits.length, 1);
  const out = applyFix(text, RULE);
  const doc = parse(out, { merge: true });
  assert.equal(doc['x-env'].DATABASE_URL, 'postgresql://app:${DB_PASS:?DB_PASS must be set}@db:5432/app');
  assert.equal(doc.services.worker.environment.DATABASE_URL, doc['x-env'].DATABASE_URL);
  assert.ok(out.includes('# from .env'));
});

test('the same literal as the db password: the URL takes that variable, and each definition is fixed once', () => {
  const text = `x-common: &common
  image: app:1.2.3
  environment:
    - DATABASE_URL=postgresql://app:${SECRET}@db/app
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: ${SECRET}
  api:
    <<: *common
  worker:
    <<: *common
`;
  const list = findings(text, RULE);
  assert.equal(list.length, 2);
  assert.deepEqual(list.map((f) => f.data?.name), ['POSTGRES_PASSWORD', 'POSTGRES_PASSWORD']);
  let out = applyFix(text, RULE, 0);
  out = applyFix(out, RULE, 0);
  assert.ok(!out.includes(SECRET), out);
  assert.equal(parse(out, { merge: true }).services.worker.environment[0], 'DATABASE_URL=postgresql://app:${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}@db/app');
});

test('no db service in the stack: the usual variable of the scheme, else <HOST>_PASSWORD, never the consumer\'s name', () => {
  const text = `x-env: &env
  CACHE_URL: redis://default:${SECRET}@cache.internal:6379/0
  QUEUE_URL: nats://app:${SECRET}x@queue:4222
services:
  api:
    image: app:1.2.3
    environment: *env
  worker:
    image: app:1.2.3
    environment: *env
`;
  assert.deepEqual(findings(text, RULE).map((f) => f.data?.name), ['REDIS_PASSWORD', 'QUEUE_PASSWORD']);
});

test('a redis host service with --requirepass ${X}: the URL reads X', () => {
  const text = `x-env: &env
  REDIS_URL: redis://default:${SECRET}@cache:6379/0
services:
  cache:
    image: redis:7.4.2
    command: ["redis-server", "--requirepass", "\${CACHE_AUTH:?CACHE_AUTH must be set}"]
  api:
    image: app:1.2.3
    environment: *env
  worker:
    image: app:1.2.3
    environment: *env
`;
  assert.deepEqual(findings(text, RULE).map((f) => f.data?.name), ['CACHE_AUTH']);
});

test('a literal flag in an anchored command is reported once, in the anchor, with one name', () => {
  const text = `x-redis: &redis
  image: redis:7.4.2
  command: redis-server --requirepass ${SECRET}
services:
  cache-a:
    <<: *redis
  cache-b:
    <<: *redis
`;
  const list = findings(text, RULE);
  assert.equal(list.length, 1);
  assert.equal(underlined(text, list[0]), SECRET);
  const out = applyFix(text, RULE);
  assert.equal(parse(out, { merge: true }).services['cache-b'].command, 'redis-server --requirepass ${REDIS_PASSWORD:?REDIS_PASSWORD must be set}');
});

test('extends from another file: one finding in the base file, fixed there with the db service\'s variable', () => {
  const files: Record<string, string> = {
    '/p/compose.yaml': `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: \${PG_PASS:?PG_PASS must be set}
  api:
    extends: {file: common.yaml, service: base}
  worker:
    extends:
      file: common.yaml
      service: base
`,
    '/p/common.yaml': `services:
  base:
    image: app:1.2.3
    environment:
      # the app's connection string
      DATABASE_URL: postgresql://app:${SECRET}@db:5432/app
`,
  };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] });
  const list = projectFindings(project).filter((f) => f.ruleId === RULE);
  assert.equal(list.length, 1, list.map((f) => `${f.file} ${f.message}`).join('\n'));
  assert.equal(list[0].file, '/p/common.yaml');
  assert.equal(files['/p/common.yaml'].slice(list[0].range.start, list[0].range.end), SECRET);
  assert.match(list[0].message, /In "api" and "worker",.*\$\{PG_PASS:\?…\}/);
  const fix = analyzeProject(project, '/p/common.yaml').fix(list[0])!;
  assert.deepEqual(fix.edits.map((e) => e.file), ['/p/common.yaml']);
  const out = applyEdits(files['/p/common.yaml'], fix.edits);
  assert.deepEqual(parseDocument(out).errors, []);
  assert.ok(out.includes('# the app\'s connection string'));
  assert.equal(parse(out).services.base.environment.DATABASE_URL, 'postgresql://app:${PG_PASS:?PG_PASS must be set}@db:5432/app');
});

test('extends within one file (project): base and both users share one finding', () => {
  const files: Record<string, string> = {
    '/p/compose.yaml': `services:
  db:
    image: postgres:16.4
  base:
    image: app:1.2.3
    environment:
      DATABASE_URL: postgresql://app:${SECRET}@db:5432/app
  api:
    extends: base
  worker:
    extends: base
`,
  };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] });
  const list = projectFindings(project).filter((f) => f.ruleId === RULE);
  assert.equal(list.length, 1);
  assert.match(list[0].message, /In "base", "api" and "worker",.*POSTGRES_PASSWORD/);
});

test('not shared: the finding and fix are as before (one service, its own value, no related list)', () => {
  const text = `services:\n  api:\n    image: app:1.2.3\n    environment:\n      OPENAI_API_KEY: "${SECRET}"\n`;
  const [f] = findings(text, RULE);
  assert.equal(f.message, 'In "api", OPENAI_API_KEY is written in the file: read it from the environment as ${OPENAI_API_KEY:?…}.');
  assert.equal(f.related, undefined);
  assert.equal(parse(applyFix(text, RULE)).services.api.environment.OPENAI_API_KEY, '${OPENAI_API_KEY:?OPENAI_API_KEY must be set}');
});


test('no-hardcoded-secrets underlines literal secret env values and never shows them in messages', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: "${SECRET}" # TODO\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${SECRET}\n      - DATABASE_URL=postgresql://app:${SECRET}@db/app\n      - EMPTY_TOKEN=\n`;
  const list = findings(text, 'no-hardcoded-secrets');
  assert.deepEqual(list.map((f) => underlined(text, f)), [SECRET, SECRET, SECRET]);
  for (const f of list) {
    assert.equal(f.severity, 'error');
    assert.ok(!f.message.includes(SECRET), f.message);
    assert.ok(!JSON.stringify(f.data ?? {}).includes(SECRET));
  }
  assert.match(list[2].message, /DATABASE_URL contains a URL with a literal password/);
});

test('no-hardcoded-secrets fix: map and list form, 4 spaces, the URL reuses the matching variable', () => {
  const text = fourSpaces(`services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: "${SECRET}" # TODO\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=${SECRET}\n      - DATABASE_URL=postgresql://app:${SECRET}@db/app\n`);
  const a = check(text);
  assert.equal(a.fix(a.findings.find((f) => f.ruleId === 'no-hardcoded-secrets')!)?.safe, false, 'the value must move to .env first');
  let out = applyFix(text, 'no-hardcoded-secrets', 2);
  assert.equal(parse(out).services.api.environment[1], 'DATABASE_URL=postgresql://app:${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}@db/app');
  out = applyFix(out, 'no-hardcoded-secrets', 1);
  assert.equal(parse(out).services.api.environment[0], 'OPENAI_API_KEY=${OPENAI_API_KEY:?OPENAI_API_KEY must be set}');
  out = applyFix(out, 'no-hardcoded-secrets', 0);
  assert.ok(out.includes('        POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}" # TODO\n'), out);
  assert.ok(!out.includes(SECRET));
});

test('no-hardcoded-secrets is quiet on the hardened form', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    command: ["redis-server", "--requirepass", "\${REDIS_PASSWORD:?REDIS_PASSWORD must be set}"]\n    environment:\n      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      DATABASE_URL: postgresql://app:\${POSTGRES_PASSWORD}@db/app\n      MAX_TOKENS: "4096"\n      API_KEY:\n`;
  assert.equal(findings(text, 'no-hardcoded-secrets').length, 0);
});

test('no-hardcoded-secrets in an anchor: reported once where it is written, naming both services, fixed there', () => {
  const text = `x-env: &env\n  environment:\n    JWT_SECRET: ${SECRET}\nservices:\n  a:\n    <<: *env\n    image: x:1.2.3\n  b:\n    <<: *env\n    image: x:1.2.3\n`;
  const list = findings(text, 'no-hardcoded-secrets');
  assert.deepEqual(list.map((f) => underlined(text, f)), [SECRET]);
  assert.match(list[0].message, /^In "a" and "b", JWT_SECRET is written in the file/);
  assert.deepEqual(list[0].related?.map((r) => text.slice(r.range.start, r.range.end)), ['a', 'b']);
  const a = check(text);
  const fix = a.fix(list[0])!;
  assert.ok(fix.edits[0].range.start < text.indexOf('services:'));
});

test('no-hardcoded-secrets uses the shared classifier: *_PWD, *_SECRET_KEY, ENCRYPTION_KEY, *_AUTH; public keys and switches pass', () => {
  const text = `services:\n  temporal:\n    image: temporalio/auto-setup:1.25.2\n    environment:\n      - POSTGRES_PWD=temporal\n      - WEBUI_SECRET_KEY=${SECRET}\n      - N8N_ENCRYPTION_KEY=${SECRET}\n      - REDIS_AUTH=${SECRET}\n      - JWT_PUBLIC_KEY=pk-not-secret\n      - AWS_ACCESS_KEY_ID=AKIAEXAMPLE\n      - WEBUI_AUTH=False\n      - NEXT_PUBLIC_POSTHOG_KEY=phc\n`;
  assert.deepEqual(findings(text, 'no-hardcoded-secrets').map((f) => underlined(text, f)), ['temporal', SECRET, SECRET, SECRET]);
});

test('no-hardcoded-secrets: literal secrets in command and healthcheck, in string and flow-list form', () => {
  const text = `services:\n  cache:\n    image: redis:7.4.2\n    command: redis-server --requirepass ${SECRET} --appendonly yes\n    healthcheck:\n      test: ["CMD", "redis-cli", "-a", "${SECRET}", "ping"]\n  other:\n    image: redis:7.4.2\n    command: [redis-server, --requirepass, ${SECRET}]\n`;
  const list = findings(text, 'no-hardcoded-secrets');
  assert.deepEqual(list.map((f) => underlined(text, f)), [SECRET, SECRET, SECRET]);
  for (const f of list) assert.ok(!f.message.includes(SECRET));
  const out = applyFix(text, 'no-hardcoded-secrets', 2);
  assert.deepEqual(parse(out).services.other.command, ['redis-server', '--requirepass', '${REDIS_PASSWORD:?REDIS_PASSWORD must be set}']);
  const first = applyFix(text, 'no-hardcoded-secrets', 0);
  assert.equal(parse(first).services.cache.command, 'redis-server --requirepass ${REDIS_PASSWORD:?REDIS_PASSWORD must be set} --appendonly yes');
});

test('no-hardcoded-secrets while typing: the variable named for a URL password follows the data store and the literals of other services', async () => {
  const { typed } = await import('./keystroke.shared');
  const text = `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: \${PG_PASS:?PG_PASS must be set}
  worker:
    image: x:1.2.3
    environment:
      APP_DB_PASSWORD: changeme
  api:
    image: x:1.2.3
    environment:
      DATABASE_URL: postgresql://app:${SECRET}@db:5432/app
`;
  const steps = typed(text, RULE, [
    ['${PG_PASS:?PG_PASS must be set}', '${DB_SECRET:?DB_SECRET must be set}'], // the data store reads another variable
    ['APP_DB_PASSWORD: changeme', `APP_DB_PASSWORD: ${SECRET}`], // another service holds the same literal: its variable is the one
    [`APP_DB_PASSWORD: ${SECRET}`, 'APP_DB_PASSWORD: other'],
  ]);
  const names = steps.map((fs) => fs.map((f) => `${f.service}:${f.data?.name}`).sort().join(' '));
  assert.deepEqual(names, ['api:PG_PASS worker:APP_DB_PASSWORD', 'api:DB_SECRET worker:APP_DB_PASSWORD', 'api:APP_DB_PASSWORD worker:APP_DB_PASSWORD', 'api:DB_SECRET worker:APP_DB_PASSWORD']);
  for (const fs of steps) for (const f of fs) assert.ok(!f.message.includes(SECRET));
});

test('no-hardcoded-secrets while typing: what it remembers of each service keeps no version of the text alive', async () => {
  const { heapGrowthOverEdits } = await import('../../support/heapOverEdits');
  const { editRealistic, generateRealistic } = await import('../../../bench/realistic');
  // Edits spread over the services: each re-derives one service's facts from that version of the text.
  const growth = heapGrowthOverEdits(generateRealistic(100), (text: string, i: number) => editRealistic(text, i * 7), 10, 60);
  // The text is ~120 KB (twice that in memory): a URL or flag sliced from each version would keep ~14 MB alive.
  assert.ok(growth < 4 * 1024 * 1024, `heap grew by ${(growth / 1048576).toFixed(1)} MB over 60 edits`);
});
