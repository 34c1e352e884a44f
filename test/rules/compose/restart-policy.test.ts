/**
 * restart-policy and one-shot jobs (issue 11, accuracy pattern 3): a service whose command ends with
 * a command that finishes (a model pull, a migration, a bucket created) is a job, whatever its
 * name; a long-running service with the same image is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';
import { applyFix, underlined } from '../../support/rules';

const svc = (name: string, body: string) => `services:\n  ${name}:\n    image: ollama/ollama:0.5.7\n${body}`;

test('jobs recognised by the command they end with are not asked for a restart policy', () => {
  const jobs = [
    '    entrypoint: /bin/sh\n    command:\n      - "-c"\n      - "sleep 3; OLLAMA_HOST=ollama:11434 ollama pull llama3.2; OLLAMA_HOST=ollama:11434 ollama pull nomic-embed-text"\n',
    '    command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done && alembic upgrade head"]\n',
    '    command: python manage.py migrate --noinput\n',
    '    entrypoint: ["/bin/sh", "-ec"]\n    command: ["mc alias set local http://minio:9000 $$U $$P\\nmc mb -p local/models"]\n',
    '    command: ["bash", "-c", "huggingface-cli download BAAI/bge-m3 --local-dir /models"]\n',
  ];
  for (const body of jobs) assert.deepEqual(findings(svc('worker', body), 'restart-policy'), [], body);
});

test('a server, or a script that ends by starting one, still needs a restart policy', () => {
  const servers = [
    '',
    '    command: serve\n',
    '    entrypoint: /bin/sh\n    command: ["-c", "ollama serve & sleep 5; ollama pull llama3.2; wait"]\n',
    '    command: ["sh", "-c", "alembic upgrade head && exec uvicorn app:app --host 0.0.0.0"]\n',
  ];
  for (const body of servers) assert.equal(findings(svc('api', body), 'restart-policy').length, 1, body);
});

test('the older one-shot evidence still holds: restart "no", service_completed_successfully, a job name', () => {
  const text = `services:\n  a:\n    image: x/a:1.2.3\n    restart: "no"\n  db-init:\n    image: x/a:1.2.3\n  load:\n    image: x/a:1.2.3\n  app:\n    image: x/a:1.2.3\n    restart: unless-stopped\n    depends_on:\n      load:\n        condition: service_completed_successfully\n`;
  assert.deepEqual(findings(text, 'restart-policy'), []);
});


const app = `services:
  api: # the app
    image: python:3.12.8-slim
`;

test('restart-policy fix inserts restart: unless-stopped (block, flow, 4 spaces)', () => {
  assert.equal(applyFix(app, 'restart-policy'), app + '    restart: unless-stopped\n');
  const flow = `services:\n  api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'restart-policy'), `services:\n  api: {image: x:1.2.3, restart: unless-stopped} # flow\n`);
  const four = `services:\n    api:\n        image: x:1.2.3 # pinned\n`;
  assert.equal(applyFix(four, 'restart-policy'), four + '        restart: unless-stopped\n');
});

test('restart-policy: info at the service key; one-shot jobs are exempt; quiet with either policy', () => {
  const [f] = findings(app, 'restart-policy');
  assert.equal(underlined(app, f), 'api');
  assert.equal(f.severity, 'info');
  assert.equal(findings(app + '    restart: unless-stopped\n', 'restart-policy').length, 0);
  assert.equal(findings(app + '    deploy:\n      restart_policy:\n        condition: on-failure\n', 'restart-policy').length, 0);
  const jobs = `services:
  api:
    image: x:1.2.3
    restart: unless-stopped
    depends_on:
      setup-db: {condition: service_completed_successfully}
  setup-db:
    image: x:1.2.3
  migrate:
    image: x:1.2.3
`;
  assert.equal(findings(jobs, 'restart-policy').length, 0);
  assert.equal(findings(`x-r: &r\n  restart: always\nservices:\n  api:\n    <<: *r\n    image: x:1.2.3\n`, 'restart-policy').length, 0);
});

test('restart-policy: more than 5 on-failure retries fires at the value, and the fix lowers it', () => {
  const text = app + '    restart: on-failure:10 # flaky\n';
  assert.equal(underlined(text, findings(text, 'restart-policy')[0]), 'on-failure:10');
  assert.equal(applyFix(text, 'restart-policy'), app + '    restart: on-failure:5 # flaky\n');
  const deploy = app + '    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 20\n';
  assert.equal(underlined(deploy, findings(deploy, 'restart-policy')[0]), '20');
  assert.equal(applyFix(deploy, 'restart-policy'), deploy.replace('20', '5'));
  assert.equal(findings(app + '    restart: on-failure:3\n', 'restart-policy').length, 0);
});
