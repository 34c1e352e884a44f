import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySecretName, isSecretFlag, isSecretName, isSecretValue, maskUrlCredentials, secretFlagArguments, urlCredentials } from '../../server/src/engine/shared/secrets';
import { maskSecrets } from '../../server/src/engine/language/mask';

test('secret names: suffix words, glued long words, short words only after a prefix', () => {
  for (const n of ['SECRET_KEY', 'DJANGO_SECRET_KEY', 'WEBUI_SECRET_KEY', 'ENCRYPTION_KEY', 'N8N_ENCRYPTION_KEY', 'SIGNING_KEY', 'STORAGE_ACCOUNT_KEY', 'POSTGRES_PWD', 'REDIS_AUTH', 'POSTGRES_PASSWORD', 'REDISPASSWORD', 'db-password', 'dbPassword', 'OPENAI_API_KEY', 'HF_TOKEN', 'JWT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE', 'PASSWORD', 'AZURE_STORAGE_ACCESS_KEY', 'GOOGLE_CREDENTIALS', 'LANGCHAIN_API_KEY', 'SMTP_PASS'])
    assert.equal(classifySecretName(n), 'secret', n);
  for (const n of ['PWD', 'BYPASS', 'MAX_TOKENS', 'TOKENIZERS_PARALLELISM', 'POSTGRES_USER', 'LOG_LEVEL', 'POSTGRES_PASSWORD_FILE', 'AUTH', 'DISABLE_AUTH', 'WEBUI_AUTH', 'AUTH_TYPE', 'SECRET_NAME'])
    assert.equal(isSecretName(n), false, n);
});

test('public keys and key ids are not secrets; an access key is a key id only beside its secret key', () => {
  for (const n of ['JWT_PUBLIC_KEY', 'NEXT_PUBLIC_SUPABASE_ANON_KEY', 'POSTHOG_PUBLIC_API_KEY', 'STRIPE_PUBLISHABLE_KEY', 'VITE_API_KEY']) assert.equal(classifySecretName(n), 'public', n);
  for (const n of ['AWS_ACCESS_KEY_ID', 'GOOGLE_CLIENT_ID']) assert.equal(classifySecretName(n), 'key-id', n);
  assert.equal(classifySecretName('MINIO_ACCESS_KEY', ['MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY']), 'key-id');
  assert.equal(classifySecretName('S3_ACCESS_KEY', ['S3_SECRET_ACCESS_KEY']), 'key-id');
  assert.equal(classifySecretName('MINIO_ACCESS_KEY', ['OTHER_SECRET_KEY']), 'secret');
  assert.equal(classifySecretName('DATABASE_URL'), 'connection');
  assert.equal(classifySecretName('SENTRY_DSN'), 'connection');
});

test('secret flags and their arguments, including interpolated ones', () => {
  assert.ok(isSecretFlag('--password') && isSecretFlag('--requirepass=x') && !isSecretFlag('--port'));
  const cmd = 'redis-server --requirepass ${REDIS_AUTH:-myredissecret} --port 6379 --password=x';
  assert.deepEqual(secretFlagArguments(cmd).map((a) => cmd.slice(a.start, a.end)), ['${REDIS_AUTH:-myredissecret}', 'x']);
});

test('URL credentials: found, masked, literal or interpolated', () => {
  const url = 'postgresql://app:supersecret@db:5432/app';
  assert.equal(maskUrlCredentials(url), 'postgresql://app:••••••@db:5432/app');
  assert.equal(maskUrlCredentials('redis://:pw@redis:6379'), 'redis://:••••••@redis:6379');
  assert.equal(maskUrlCredentials('http://example.com/a@b'), 'http://example.com/a@b');
  assert.deepEqual(urlCredentials('postgres://u:${DB_PASSWORD}@db/x').map((c) => c.literal), [false]);
  assert.ok(isSecretValue('DATABASE_URL', url));
  assert.ok(!isSecretValue('DATABASE_URL', 'postgresql://db/app'));
  assert.ok(!isSecretValue('WEBUI_AUTH', 'False'));
  assert.ok(isSecretValue('POSTGRES_PWD', 'temporal'));
});

test('hover masking uses the classifier: new names, URL passwords, public keys shown', () => {
  const masked = maskSecrets({ environment: { POSTGRES_PWD: 'temporal', WEBUI_SECRET_KEY: 'abc', DATABASE_URL: 'postgresql://app:supersecret@db:5432/app', JWT_PUBLIC_KEY: 'pk', AWS_ACCESS_KEY_ID: 'AKIA' }, command: ['--requirepass', 'hunter2'] }) as any;
  assert.deepEqual(masked.environment, { POSTGRES_PWD: '••••••', WEBUI_SECRET_KEY: '••••••', DATABASE_URL: 'postgresql://app:••••••@db:5432/app', JWT_PUBLIC_KEY: 'pk', AWS_ACCESS_KEY_ID: 'AKIA' });
  assert.deepEqual(masked.command, ['--requirepass', '••••••']);
  assert.deepEqual(maskSecrets(['ENCRYPTION_KEY=abc', 'URL=redis://:pw@r:6379']), ['ENCRYPTION_KEY=••••••', 'URL=redis://:••••••@r:6379']);
  assert.equal(maskSecrets('redis-server --requirepass hunter2'), 'redis-server --requirepass ••••••');
});
