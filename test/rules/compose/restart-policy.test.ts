/**
 * restart-policy and one-shot jobs (issue 11, accuracy pattern 3): a service whose command ends with
 * a command that finishes (a model pull, a migration, a bucket created) is a job, whatever its
 * name; a long-running service with the same image is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../support/rules';

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
