/**
 * dockerfile-no-secrets and `.dockerignore` (issue 11, item 8): a secret file the build context
 * leaves out never reaches an image layer. Real files in a temporary folder, read as the checker
 * reads them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findings } from '../../support/rules';
import { parseDockerIgnore } from '../../../server/src/engine/dockerfile/dockerignore';
import { underlined } from '../../support/rules';

const DOCKERFILE = 'FROM python:3.12.8-slim\nCOPY .env ./\nCOPY config/.npmrc /root/.npmrc\nCOPY --from=secrets /run/.env /app/.env\n';

function inFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-stack-dockerignore-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const copied = (dir: string, name = 'Dockerfile') => {
  const file = path.join(dir, name);
  return findings(fs.readFileSync(file, 'utf8'), 'dockerfile-no-secrets', file).map((f) => f.message.match(/copies "([^"]+)"/)?.[1]);
};

test('without a .dockerignore every copied secret file is reported', (t) => {
  const dir = inFolder({ Dockerfile: DOCKERFILE });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(copied(dir), ['.env', 'config/.npmrc', '/run/.env']);
});

test('files the context .dockerignore leaves out are not reported; re-included ones and COPY --from are', (t) => {
  const dir = inFolder({ Dockerfile: DOCKERFILE, '.dockerignore': '# secrets stay out\n.env\n**/.npmrc\n' });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(copied(dir), ['/run/.env']);
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'config\n!config/.npmrc\n');
  assert.deepEqual(copied(dir), ['.env', 'config/.npmrc', '/run/.env']);
});

test('BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile before the context one', (t) => {
  const dir = inFolder({ 'api.Dockerfile': DOCKERFILE, 'api.Dockerfile.dockerignore': '.env\n', '.dockerignore': '*\n' });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(copied(dir, 'api.Dockerfile'), ['config/.npmrc', '/run/.env']);
});

test('the matcher: anchoring, *, ?, **, parents, last match wins', () => {
  const ig = parseDockerIgnore('.dockerignore', '/secrets/\n*.pem\n!public.pem\n**/id_?sa\nnode_modules\n');
  assert.equal(ig.excludes('secrets/db.txt'), true, 'a file below an excluded directory');
  assert.equal(ig.excludes('./server.pem'), true);
  assert.equal(ig.excludes('certs/server.pem'), false, '* does not cross directories');
  assert.equal(ig.excludes('public.pem'), false, '! re-includes');
  assert.equal(ig.excludes('deploy/keys/id_rsa'), true);
  assert.equal(ig.excludes('node_modules/x/index.js'), true);
  assert.equal(ig.excludes('src/node_modules.txt'), false);
});


const DF = 'Dockerfile';
const of = (text: string, rule: string) => findings(text, rule, DF);

test('dockerfile-no-secrets uses the shared classifier: new secret names, URL passwords; public keys and key ids pass', () => {
  const text = 'FROM alpine:3.21.0\nARG SECRET_KEY\nENV POSTGRES_PWD=temporal N8N_ENCRYPTION_KEY=k REDIS_URL=redis://:pw@redis:6379\n';
  assert.deepEqual(of(text, 'dockerfile-no-secrets').map((f) => underlined(text, f)), ['SECRET_KEY', 'POSTGRES_PWD', 'N8N_ENCRYPTION_KEY', 'REDIS_URL']);
  const ok = 'FROM alpine:3.21.0\nENV JWT_PUBLIC_KEY=pk AWS_ACCESS_KEY_ID=AKIA MINIO_ACCESS_KEY=minio MINIO_SECRET_KEY=$MINIO_SECRET_KEY PWD=/app\n';
  assert.deepEqual(of(ok, 'dockerfile-no-secrets'), []);
});

test('no-secrets: ENV/ARG secrets and secret files fire; pointers, public build vars and examples do not', () => {
  const text = `FROM alpine:3.21.0\nARG GITHUB_TOKEN\nENV DB_PASSWORD=hunter2 APP_NAME=x\nCOPY .env id_rsa /app/\n`;
  const found = of(text, 'dockerfile-no-secrets').map((f) => underlined(text, f));
  assert.deepEqual(found, ['GITHUB_TOKEN', 'DB_PASSWORD', '.env', 'id_rsa']);
  const ok = `FROM alpine:3.21.0\nENV PASSWORD_FILE=/run/secrets/pw NEXT_PUBLIC_API_KEY=pk TOKENIZERS_PARALLELISM=false\nCOPY .env.example /app/\n`;
  assert.deepEqual(of(ok, 'dockerfile-no-secrets'), []);
});
