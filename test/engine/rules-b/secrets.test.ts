import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fourSpaces } from './helpers';

const SECRET = 'hunter2-s3cr3t';

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

test('required-env-fail-fast fix rewrites to ${VAR:?VAR must be set}, in list form, 4 spaces and anchors', () => {
  const text = fourSpaces(`services:\n  api:\n    build: .\n    environment:\n      - OPENAI_API_KEY=\${OPENAI_API_KEY:-sk-default} # optional?\n`);
  assert.ok(applyFix(text, 'required-env-fail-fast').includes('        - OPENAI_API_KEY=${OPENAI_API_KEY:?OPENAI_API_KEY must be set} # optional?\n'));
  const url = `services:\n  redis:\n    image: redis:7.4.2\n  api:\n    build: .\n    environment:\n      REDIS_URL: "redis://:\${REDIS_PASSWORD}@redis:6379"\n`;
  assert.equal(parse(applyFix(url, 'required-env-fail-fast')).services.api.environment.REDIS_URL, 'redis://:${REDIS_PASSWORD:?REDIS_PASSWORD must be set}@redis:6379');
  const anchored = `x-env: &env\n  OPENAI_API_KEY: \${OPENAI_API_KEY:-sk-default}\nservices:\n  a:\n    image: x:1.2.3\n    environment: *env\n`;
  const [f] = findings(anchored, 'required-env-fail-fast');
  assert.equal(underlined(anchored, f), 'a');
  assert.ok(applyFix(anchored, 'required-env-fail-fast').includes('  OPENAI_API_KEY: ${OPENAI_API_KEY:?OPENAI_API_KEY must be set}\n'));
});

test('required-env-fail-fast reads .env.example beside a project: a credential commented out or marked optional there is optional', async () => {
  const { loadProject } = await import('../../../server/src/engine/project/project');
  const { projectFindings } = await import('../../../server/src/engine/project/analyze');
  const { optionalInEnvExample } = await import('../../../server/src/engine/shared/envExample');
  assert.deepEqual([...optionalInEnvExample('DB_PASSWORD=\n# REDIS_PASSWORD=\n# optional: only for the cache\nCACHE_PASSWORD=\nMQ_PASSWORD= # optional\n\nOTHER=1\n')].sort(), ['CACHE_PASSWORD', 'MQ_PASSWORD', 'REDIS_PASSWORD']);
  const compose = `services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: \${DB_PASSWORD}\n  cache:\n    image: redis:7.4.2\n    command: redis-server --requirepass \${REDIS_PASSWORD}\n`;
  const run = (files: Record<string, string>) =>
    projectFindings(loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] }))
      .filter((f) => f.ruleId === 'required-env-fail-fast')
      .map((f) => f.data?.name);
  assert.deepEqual(run({ '/p/compose.yaml': compose }), ['DB_PASSWORD', 'REDIS_PASSWORD']);
  assert.deepEqual(run({ '/p/compose.yaml': compose, '/p/.env.example': 'DB_PASSWORD=\n# REDIS_PASSWORD=\n' }), ['DB_PASSWORD']);
  assert.deepEqual(run({ '/p/compose.yaml': compose, '/p/env.example': '# optional\nDB_PASSWORD=\nREDIS_PASSWORD=\n' }), ['REDIS_PASSWORD']);
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
