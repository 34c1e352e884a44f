import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { addTask, moveMigrationToTask, toArgv } from '../../runtime/src/tasks/moveMigration';
import { findings } from '../support/rules';

const compose = `services:
  api: # the app
    build: ./backend
    command: sh -c "alembic upgrade head && uvicorn app.main:app --host 0.0.0.0" # start
`;

function finding(text: string) {
  const [f] = findings(text, 'no-migrations-in-startup', '/ws/compose.yaml');
  assert.ok(f, 'expected a no-migrations-in-startup finding');
  return f;
}

function move(text: string, tasksJsonText?: string) {
  const f = finding(text);
  const r = moveMigrationToTask({
    composeText: text,
    composePath: '/ws/compose.yaml',
    service: f.service!,
    finding: f.data as { tool: string; migration: string; rest: string },
    tasksJsonText,
    workspaceFolder: '/ws',
  });
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}

test('removes the migration from the command and creates tasks.json with a migrate task', () => {
  const out = move(compose);
  assert.equal(out.composeText, compose.replace('alembic upgrade head && ', ''));
  assert.equal(findings(out.composeText, 'no-migrations-in-startup').length, 0);
  assert.deepEqual(JSON.parse(out.tasksJsonText), {
    version: '2.0.0',
    tasks: [{ type: 'ai-stack', action: 'migrate', label: 'ai-stack: migrate api (compose.yaml)', service: 'api', command: ['alembic', 'upgrade', 'head'], files: ['compose.yaml'], problemMatcher: [] }],
  });
});

test('keeps the comments of an existing tasks.json and does not duplicate the task on a second run', () => {
  const existing = `// Project tasks
{
  "version": "2.0.0",
  "tasks": [
    // build first
    { "label": "build", "type": "shell", "command": "make" },
  ]
}
`;
  const once = move(compose, existing).tasksJsonText;
  for (const comment of ['// Project tasks', '// build first']) assert.ok(once.includes(comment), once);
  const tasks = (parse(once) as { tasks: Array<{ label: string }> }).tasks;
  assert.deepEqual(tasks.map((t) => t.label), ['build', 'ai-stack: migrate api (compose.yaml)']);
  const twice = move(compose, once).tasksJsonText;
  assert.equal((parse(twice) as { tasks: unknown[] }).tasks.length, 2);
});

test('list-form and block-scalar commands, migration in the middle of the chain', () => {
  const list = `services:\n  api:\n    command: ["sh", "-c", "cd /app && python manage.py migrate --noinput && gunicorn app.wsgi"]\n`;
  const a = move(list);
  assert.equal(a.composeText, list.replace('python manage.py migrate --noinput && ', ''));
  assert.deepEqual(a.task.command, ['python', 'manage.py', 'migrate', '--noinput']);
  const block = `services:\n  api:\n    command:\n      - sh\n      - -c\n      - |\n        npx prisma migrate deploy &&\n        node server.js\n`;
  const b = move(block);
  assert.equal(b.composeText, `services:\n  api:\n    command:\n      - sh\n      - -c\n      - |\n        node server.js\n`);
  assert.deepEqual(parseDocument(b.composeText).errors, []);
});

test('shell syntax in the migration runs through sh -c; bad tasks.json is reported, not overwritten', () => {
  assert.deepEqual(toArgv('alembic upgrade head'), ['alembic', 'upgrade', 'head']);
  assert.deepEqual(toArgv('FLASK_APP=app flask db upgrade'), ['sh', '-c', 'FLASK_APP=app flask db upgrade']);
  assert.deepEqual(toArgv('alembic -x "tenant=a" upgrade head'), ['sh', '-c', 'alembic -x "tenant=a" upgrade head']);
  const bad = addTask('{ "tasks": [ ', { label: 'x' });
  assert.ok(!bad.ok);
  assert.match(bad.message, /not a valid JSON object/);
  const noTasks = addTask('{\n\t"version": "2.0.0" // v\n}\n', { label: 'x' });
  assert.ok(noTasks.ok);
  assert.ok(noTasks.value.includes('// v'));
  assert.ok(noTasks.value.includes('\t"tasks"'), 'keeps tab indentation');
});

test('a stale finding (command already changed) gives a clear message', () => {
  const f = finding(compose);
  const r = moveMigrationToTask({ composeText: compose.replace('alembic upgrade head && ', ''), composePath: '/ws/compose.yaml', service: 'api', finding: f.data as never, workspaceFolder: '/ws' });
  assert.ok(!r.ok);
  assert.match(r.message, /no longer runs "alembic upgrade head"/);
});
