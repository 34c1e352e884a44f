import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { parse } from 'yaml';
import { applyFix } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('required-env-fail-fast: literal fallbacks of secrets and credentials the stack consumes; optional integrations and opt-outs stay silent', () => {
  const text = `services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: \${DB_PASSWORD}\n  cache:\n    image: redis:7.4.2\n    command: redis-server --requirepass \${REDIS_AUTH:-myredissecret}\n  api:\n    build: .\n    environment:\n      OPENAI_API_KEY: \${OPENAI_API_KEY}\n      LANGCHAIN_API_KEY: $LANGCHAIN_API_KEY\n      ANTHROPIC_API_KEY: \${ANTHROPIC_API_KEY:-} # optional\n      HF_TOKEN: \${HF_TOKEN-}\n      SECRET_KEY: \${SECRET_KEY:-changeme}\n      DB_PASS: \${PGPASS:-difyai123456}\n      DATABASE_URL: postgresql://app:\${DB_PASSWORD}@db:5432/app\n      EXTERNAL_URL: https://u:\${EXT_PASSWORD}@api.example.com/\n      JWT_PUBLIC_KEY: \${JWT_PUBLIC_KEY:-pk}\n      AWS_ACCESS_KEY_ID: \${AWS_ACCESS_KEY_ID:-AKIA}\n      MINIO_ACCESS_KEY: \${MINIO_ACCESS_KEY:-minio}\n      MINIO_SECRET_KEY: \${MINIO_SECRET_KEY:?required}\n      LOG_LEVEL: \${LOG_LEVEL:-info}\n      REQUIRED_TOKEN: \${REQUIRED_TOKEN:?REQUIRED_TOKEN must be set}\n`;
  const list = findings(text, 'required-env-fail-fast');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['${DB_PASSWORD}', '${REDIS_AUTH:-myredissecret}', '${SECRET_KEY:-changeme}', '${PGPASS:-difyai123456}', '${DB_PASSWORD}']);
  assert.match(list[0].message, /used by a service of this stack/);
  assert.match(list[2].message, /falls back to a default/);
  for (const f of list) assert.ok(!/difyai123456|myredissecret|changeme/.test(f.message), f.message);
  // A redis password given by flag is consumed by the service itself, even with a name the classifier does not know.
  const flag = `services:\n  cache:\n    image: redis:7.4.2\n    command: ["redis-server", "--requirepass", "\${CACHE_PW}"]\n`;
  assert.deepEqual(findings(flag, 'required-env-fail-fast').map((f) => underlined(flag, f)), ['${CACHE_PW}']);
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
  const { projectFindings } = await import('../../../server/src/engine/analyze/project');
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

test('required-env-fail-fast while typing: a service that starts consuming a credential makes other services\' references to it required', async () => {
  const { typed } = await import('./keystroke.shared');
  const text = `services:
  store:
    image: alpine:3.20
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
  api:
    image: x:1.2.3
    environment:
      PGPASS: \${DB_PASSWORD}
      CACHE_URL: redis://:\${CACHE_PW}@cache:6379/0
  cache:
    image: x:1.2.3
`;
  const steps = typed(text, 'required-env-fail-fast', [
    ['image: alpine:3.20', 'image: postgres:16.4'], // a database now: its password is a credential the stack consumes
    ['PGPASS: ${DB_PASSWORD}', 'PGPASS: ${DB_PASSWORD:-}'], // an explicit opt-out
    ['image: postgres:16.4', 'image: alpine:3.20'],
  ]);
  const names = steps.map((fs) => fs.map((f) => `${f.service}:${f.data?.name}`).sort().join(' '));
  assert.deepEqual(names, ['api:CACHE_PW', 'api:CACHE_PW api:DB_PASSWORD store:DB_PASSWORD', 'api:CACHE_PW store:DB_PASSWORD', 'api:CACHE_PW']);
});
