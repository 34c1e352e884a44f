import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { fixAllText } from '../../../server/src/engine';

const DF = 'Dockerfile';
const ids = (text: string) => check(text, DF).findings.map((f) => f.ruleId);
const of = (text: string, rule: string) => findings(text, rule, DF);
const fix = (text: string, rule: string, index = 0) => applyFix(text, rule, index, DF);

/** A Dockerfile every rule is happy with: the baseline the "does not fire" cases start from. */
const GOOD = `FROM node:22.12.0-alpine3.21 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:22.12.0-alpine3.21 AS runner
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER 1001:1001
HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/health || exit 1
CMD ["node", "server.js"]
`;

test('the hardened baseline has no findings', () => {
  assert.deepEqual(ids(GOOD), []);
});

test('dockerfile-no-secrets uses the shared classifier: new secret names, URL passwords; public keys and key ids pass', () => {
  const text = 'FROM alpine:3.21.0\nARG SECRET_KEY\nENV POSTGRES_PWD=temporal N8N_ENCRYPTION_KEY=k REDIS_URL=redis://:pw@redis:6379\n';
  assert.deepEqual(of(text, 'dockerfile-no-secrets').map((f) => underlined(text, f)), ['SECRET_KEY', 'POSTGRES_PWD', 'N8N_ENCRYPTION_KEY', 'REDIS_URL']);
  const ok = 'FROM alpine:3.21.0\nENV JWT_PUBLIC_KEY=pk AWS_ACCESS_KEY_ID=AKIA MINIO_ACCESS_KEY=minio MINIO_SECRET_KEY=$MINIO_SECRET_KEY PWD=/app\n';
  assert.deepEqual(of(ok, 'dockerfile-no-secrets'), []);
});

test('no-sudo fires on sudo as a command only', () => {
  assert.equal(of('FROM debian:12.8\nRUN sudo apt-get update\n', 'dockerfile-no-sudo').length, 1);
  assert.equal(of('FROM debian:12.8\nRUN echo sudo\n', 'dockerfile-no-sudo').length, 0);
});

test('apk-no-cache and pip-no-cache-dir fire and insert the flag; PIP_NO_CACHE_DIR and cache cleanup silence them', () => {
  assert.equal(fix('FROM alpine:3.21.0\nRUN apk add curl\n', 'dockerfile-apk-no-cache'), 'FROM alpine:3.21.0\nRUN apk add --no-cache curl\n');
  assert.equal(of('FROM alpine:3.21.0\nRUN apk add curl && rm -rf /var/cache/apk/*\n', 'dockerfile-apk-no-cache').length, 0);
  assert.equal(fix('FROM python:3.12.8-slim\nRUN python -m pip install -r req.txt\n', 'dockerfile-pip-no-cache-dir'), 'FROM python:3.12.8-slim\nRUN python -m pip install --no-cache-dir -r req.txt\n');
  assert.equal(of('FROM python:3.12.8-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n', 'dockerfile-pip-no-cache-dir').length, 0);
});

test('single-cmd-entrypoint flags all but the last CMD of a stage', () => {
  const text = 'FROM alpine:3.21.0\nCMD ["a"]\nCMD ["b"]\nFROM alpine:3.21.0\nCMD ["c"]\n';
  const [f, ...rest] = of(text, 'dockerfile-single-cmd-entrypoint');
  assert.equal(rest.length, 0);
  assert.equal(text.slice(0, f.range.start).split('\n').length, 2);
});

test('suppression comments: on the line above the instruction, also for findings on continuation lines', () => {
  const text = 'FROM alpine:3.21.0\n# ai-stack-ignore dockerfile-apk-no-cache\nRUN true && \\\n    apk add curl\n';
  assert.equal(of(text, 'dockerfile-apk-no-cache').length, 0);
  const plain = 'FROM alpine:3.21.0\nRUN apk add curl\n';
  const a = check(plain, DF);
  const [s] = a.suppressions(a.findings.find((f) => f.ruleId === 'dockerfile-apk-no-cache')!);
  assert.equal(s.edits[0].newText, '# ai-stack-ignore dockerfile-apk-no-cache\n');
});

test('CRLF files and the backtick escape directive keep exact ranges', () => {
  const crlf = 'FROM alpine:3.21.0\r\nRUN apk add \\\r\n    curl\r\n';
  assert.equal(fix(crlf, 'dockerfile-apk-no-cache'), 'FROM alpine:3.21.0\r\nRUN apk add --no-cache \\\r\n    curl\r\n');
  const win = '# escape=`\nFROM node:18.20.5-windowsservercore-ltsc2022\nHEALTHCHECK CMD node -e "fetch(\'http://localhost:80/\')" `\n  || exit 1\n';
  const [f] = of(win, 'dockerfile-healthcheck-loopback-ip');
  assert.equal(underlined(win, f), 'localhost');
});

test('bad input gives findings, not exceptions', () => {
  for (const text of ['', '\n\n', 'RUN echo hi\n', 'FROM\n', 'FROM a AS\nCOPY --from= x\n', 'CMD [\n', '\u0000\u0001garbage']) {
    assert.doesNotThrow(() => check(text, DF));
  }
  assert.ok(ids('RUN echo hi\n').includes('dockerfile-syntax'));
});

test('healthcheck-loopback-ip: a Node 18 probe of localhost fires and is replaced, also inside a continued line', () => {
  const probe = 'HEALTHCHECK --interval=5s \\\n  CMD node -e "fetch(\'http://localhost:3000/health\').then((r) => process.exit(r.ok ? 0 : 1))"';
  const text = GOOD.replace(/node:22\.12\.0-alpine3\.21/g, 'node:18.20.5-alpine3.21').replace('HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/health || exit 1', probe);
  const [f] = of(text, 'dockerfile-healthcheck-loopback-ip');
  assert.equal(underlined(text, f), 'localhost');
  assert.match(f.message, /Node 18/);
  const out = fix(text, 'dockerfile-healthcheck-loopback-ip');
  assert.ok(out.includes("  CMD node -e \"fetch('http://127.0.0.1:3000/health')"));
  // The same probe on Node 22 (happy eyeballs), and wget/curl probes (busybox wget prefers IPv4, curl tries every address), work.
  assert.deepEqual(of(text.replace(/node:18\.20\.5/g, 'node:22.12.0'), 'dockerfile-healthcheck-loopback-ip'), []);
  assert.deepEqual(of(GOOD.replace('127.0.0.1', 'localhost'), 'dockerfile-healthcheck-loopback-ip'), []);
  assert.deepEqual(of(GOOD.replace('wget -qO- http://127.0.0.1', 'curl -f http://localhost'), 'dockerfile-healthcheck-loopback-ip'), []);
});

test('no-secrets: ENV/ARG secrets and secret files fire; pointers, public build vars and examples do not', () => {
  const text = `FROM alpine:3.21.0\nARG GITHUB_TOKEN\nENV DB_PASSWORD=hunter2 APP_NAME=x\nCOPY .env id_rsa /app/\n`;
  const found = of(text, 'dockerfile-no-secrets').map((f) => underlined(text, f));
  assert.deepEqual(found, ['GITHUB_TOKEN', 'DB_PASSWORD', '.env', 'id_rsa']);
  const ok = `FROM alpine:3.21.0\nENV PASSWORD_FILE=/run/secrets/pw NEXT_PUBLIC_API_KEY=pk TOKENIZERS_PARALLELISM=false\nCOPY .env.example /app/\n`;
  assert.deepEqual(of(ok, 'dockerfile-no-secrets'), []);
});

test('apt-hygiene: missing -y, --no-install-recommends, list cleanup and apt; all fixable', () => {
  const text = 'FROM debian:12.8\nRUN apt-get update && \\\n    apt-get install curl\n';
  const problems = of(text, 'dockerfile-apt-hygiene').map((f) => f.data?.problem);
  assert.deepEqual(problems.sort(), ['lists', 'recommends', 'yes']);
  const all = fixAllText(DF, text).text;
  assert.equal(all, 'FROM debian:12.8\nRUN apt-get update && \\\n    apt-get install --no-install-recommends -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n'.replace('--no-install-recommends -y', all.includes('-y --no') ? '-y --no-install-recommends' : '--no-install-recommends -y'));
  assert.deepEqual(of(all, 'dockerfile-apt-hygiene'), []);
  assert.equal(fix('FROM debian:12.8\nRUN apt install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n', 'dockerfile-apt-hygiene'), 'FROM debian:12.8\nRUN apt-get install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n');
  assert.deepEqual(of('FROM debian:12.8\nRUN apt-get install -qq --no-install-recommends x && rm -rf /var/lib/apt/lists/*\n', 'dockerfile-apt-hygiene'), []);
});

test('pipefail: a pipe fires, || does not, SHELL with pipefail silences it; fix uses ash on alpine', () => {
  const text = 'FROM alpine:3.21.0\nRUN wget -qO- https://x.example/install.sh | sh\n';
  assert.equal(underlined(text, of(text, 'dockerfile-pipefail')[0]), '|');
  assert.equal(of('FROM alpine:3.21.0\nRUN a || b\n', 'dockerfile-pipefail').length, 0);
  assert.equal(of('FROM alpine:3.21.0\nRUN echo "a|b"\n', 'dockerfile-pipefail').length, 0);
  const out = fix(text, 'dockerfile-pipefail');
  assert.ok(out.includes('SHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget'));
});

test('exec-form: shell-form CMD fires; plain commands convert, shell syntax gets no fix', () => {
  const text = 'FROM alpine:3.21.0\nCMD node server.js --port 3000\n';
  assert.equal(fix(text, 'dockerfile-exec-form'), 'FROM alpine:3.21.0\nCMD ["node", "server.js", "--port", "3000"]\n');
  const a = check('FROM alpine:3.21.0\nENTRYPOINT node $APP && x\n', DF);
  const f = a.findings.find((x) => x.ruleId === 'dockerfile-exec-form')!;
  assert.ok(f);
  assert.equal(a.fix(f), undefined);
});
