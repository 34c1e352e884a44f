import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';

const svc = (command: string) => `services:\n  api: # app\n    build: .\n    command: ${command}\n`;

test('no-migrations-in-startup underlines the migration and carries tool, migration and rest', () => {
  const text = svc('sh -c "alembic upgrade head && uvicorn app.main:app --host 0.0.0.0"');
  const [f] = findings(text, 'no-migrations-in-startup');
  assert.equal(underlined(text, f), 'alembic upgrade head');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.data, { tool: 'alembic', migration: 'alembic upgrade head', rest: 'uvicorn app.main:app --host 0.0.0.0' });
});

test('no-migrations-in-startup detects each tool, chained with && or ;, in string and list commands', () => {
  const cases: Array<[string, string, string]> = [
    ['python manage.py migrate --noinput && gunicorn site.wsgi', 'django', 'python manage.py migrate --noinput'],
    ['"flask db upgrade; flask run --host 0.0.0.0"', 'flask', 'flask db upgrade'],
    ['["sh", "-c", "npx prisma migrate deploy && node dist/main.js"]', 'prisma', 'npx prisma migrate deploy'],
    ['bash -c "bundle exec rails db:migrate && bundle exec puma"', 'rails', 'bundle exec rails db:migrate'],
    ['sh -c "npx knex migrate:latest && node server.js"', 'knex', 'npx knex migrate:latest'],
    ['sh -c "npx sequelize db:migrate && npm start"', 'sequelize', 'npx sequelize db:migrate'],
    ['sh -c "npm run migrate && npm start"', 'npm', 'npm run migrate'],
  ];
  for (const [command, tool, migration] of cases) {
    const text = svc(command);
    const [f] = findings(text, 'no-migrations-in-startup');
    assert.equal(f?.data?.tool, tool, command);
    assert.equal(f.data?.migration, migration, command);
    assert.equal(underlined(text, f), migration, command);
  }
  const entry = `services:\n  api:\n    build: .\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["alembic upgrade head && exec uvicorn app:app"]\n`;
  assert.equal(findings(entry, 'no-migrations-in-startup')[0]?.data?.rest, 'exec uvicorn app:app');
});

test('no-migrations-in-startup is quiet for a one-shot migration job and a plain server', () => {
  assert.equal(findings(svc('["alembic", "upgrade", "head"]'), 'no-migrations-in-startup').length, 0);
  assert.equal(findings(svc('uvicorn app.main:app'), 'no-migrations-in-startup').length, 0);
  assert.equal(findings(svc('sh -c "echo \'alembic upgrade && x\'"'), 'no-migrations-in-startup').length, 0);
});
