/**
 * healthcheck-required on services that never listen (issue 11, accuracy pattern 3): one-shot jobs
 * recognised by their command, and interactive consoles (stdin_open + tty, no port).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { parse } from 'yaml';
import { applyFix, check, underlined } from '../../support/rules';
import { fourSpaces } from '../../engine/rules-b/helpers';

test('a model-pull job (the Ollama image as a client) needs no healthcheck', () => {
  const text = `services:\n  ollama-pull:\n    image: ollama/ollama:0.5.7\n    entrypoint: /bin/sh\n    environment:\n      - OLLAMA_HOST=ollama:11434\n    command: ["-c", "sleep 3; ollama pull llama3.2"]\n`;
  assert.deepEqual(findings(text, 'healthcheck-required'), []);
  // The same image as the server does.
  assert.equal(findings(text.replace(/    entrypoint[\s\S]*$/, ''), 'healthcheck-required').length, 1);
});

test('an interactive console has nothing to probe; with a port it is a server again', () => {
  const console_ = `services:\n  admin-tools:\n    image: temporalio/admin-tools:1.25.2\n    stdin_open: true\n    tty: true\n`;
  assert.deepEqual(findings(console_, 'healthcheck-required'), []);
  assert.equal(findings(console_ + '    ports: ["127.0.0.1:3000:3000"]\n', 'healthcheck-required').length, 1);
  assert.equal(findings(console_.replace('    tty: true\n', ''), 'healthcheck-required').length, 1, 'stdin_open alone is not a console');
});

test('build: beside image: with the Dockerfile unread: the named image\'s known HEALTHCHECK counts', () => {
  // The build is tagged as the project's own published image; its facts are the evidence left.
  const text = `services:\n  api:\n    image: quay.io/go-skynet/local-ai:v2.24.2\n    build:\n      context: .\n    ports: ["127.0.0.1:8080:8080"]\n`;
  assert.deepEqual(findings(text, 'healthcheck-required'), []);
  // A build without image: is unknown, and reported as before.
  assert.equal(findings(text.replace(/    image: .*\n/, ''), 'healthcheck-required').length, 1);
});


function healthcheckOf(text: string, service: string): { test: string[]; interval: string; timeout: string; retries: number; start_period: string } {
  return parse(text).services[service].healthcheck;
}

test('healthcheck-required fires at the service key; disabled healthchecks too', () => {
  const text = `services:\n  db: # data\n    image: postgres:16.4\n  web:\n    image: nginx:1.27.3\n    healthcheck:\n      disable: true\n  cron:\n    image: x:1.2.3\n    healthcheck:\n      test: ["NONE"]\n`;
  const list = findings(text, 'healthcheck-required');
  assert.deepEqual(list.map((f) => underlined(text, f)), ['db', 'healthcheck', 'healthcheck']);
  assert.deepEqual(list.map((f) => f.service), ['db', 'web', 'cron']);
  assert.match(list[1].message, /disabled/);
});

test('healthcheck-required skips one-shot jobs and services with a healthcheck', () => {
  const text = `services:\n  migrate:\n    image: x:1.2.3\n    restart: "no"\n  seed:\n    image: x:1.2.3\n  app:\n    image: x:1.2.3\n    healthcheck:\n      test: ["CMD", "true"]\n    depends_on:\n      seed:\n        condition: service_completed_successfully\n`;
  assert.equal(findings(text, 'healthcheck-required').length, 0);
});

test('healthcheck-required fix inserts the template chosen by image (postgres, redis, valkey, ollama)', () => {
  const text = `services:\n  db: # data\n    image: pgvector/pgvector:0.8.0-pg16\n  cache:\n    image: redis:7.4.2\n  kv:\n    image: valkey/valkey:8.0.1\n  llm:\n    image: ollama/ollama:0.5.7\n`;
  let out = text;
  for (let i = 0; i < 4; i++) out = applyFix(out, 'healthcheck-required');
  assert.deepEqual(healthcheckOf(out, 'db').test, ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres}']);
  assert.deepEqual(healthcheckOf(out, 'cache').test, ['CMD', 'redis-cli', '-h', '127.0.0.1', 'ping']);
  assert.deepEqual(healthcheckOf(out, 'kv').test, ['CMD', 'valkey-cli', '-h', '127.0.0.1', 'ping']);
  assert.deepEqual(healthcheckOf(out, 'llm').test, ['CMD', 'ollama', 'list']);
  const db = healthcheckOf(out, 'db');
  assert.deepEqual([db.interval, db.timeout, db.retries, db.start_period], ['10s', '5s', 5, '30s']);
  assert.ok(out.startsWith(`services:\n  db: # data\n    image: pgvector/pgvector:0.8.0-pg16\n    healthcheck:\n      test: [CMD-SHELL,`), out);
  assert.equal(findings(out, 'healthcheck-loopback-ip').length, 0);
});

test('healthcheck-required fix: HTTP apps probe 127.0.0.1 on the container port (unsafe: the path is a guess)', () => {
  const text = fourSpaces(`services:\n  web:\n    image: nginx:1.27.3\n    ports: ["127.0.0.1:8080:80"]\n  api:\n    build: .\n    command: uvicorn app.main:app --port 8000\n    expose: ["8000"]\n  nothing:\n    image: busybox:1.36.1\n`);
  const a = check(text);
  const [web, api, nothing] = a.findings.filter((f) => f.ruleId === 'healthcheck-required');
  assert.equal(a.fix(web)?.safe, false);
  let out = applyFix(text, 'healthcheck-required', 0);
  assert.deepEqual(healthcheckOf(out, 'web').test, ['CMD-SHELL', 'wget -qO- http://127.0.0.1:80/health || exit 1']);
  assert.ok(out.includes('\n        healthcheck:\n            test: '), out);
  out = applyFix(out, 'healthcheck-required', 0);
  assert.match(healthcheckOf(out, 'api').test.join(' '), /^CMD python -c import urllib\.request; urllib\.request\.urlopen\('http:\/\/127\.0\.0\.1:8000\/health'/);
  assert.ok(api && nothing);
  assert.equal(a.fix(nothing), undefined, 'no guess without a port');
});

test('healthcheck-required fix in a flow-style service', () => {
  const text = `services:\n  cache: {image: "redis:7.4.2"}\n`;
  const out = applyFix(text, 'healthcheck-required');
  assert.equal(out, `services:\n  cache: {image: "redis:7.4.2", healthcheck: {test: [CMD, redis-cli, -h, 127.0.0.1, ping], interval: 10s, timeout: 5s, retries: 5, start_period: 30s}}\n`);
});
