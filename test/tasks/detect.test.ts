import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectMigrationTool, planMigration } from '../../runtime/src/tasks/migrations';
import { endpointsOf, urlFor } from '../../runtime/src/tasks/ports';
import { appServices, loadTaskProject, looksLikeFastApi, normalizeProjectName } from '../../runtime/src/tasks/project';
import { interpolate, parseDotEnv } from '../../server/src/engine/project/interpolate';
import { parseTaskDefinition } from '../../runtime/src/tasks/definition';
import { discoverProjects } from '../../runtime/src/tasks/discover';
import { prepare } from '../../runtime/src/tasks/context';
import { createMemoryReporter } from '../../runtime/src/tasks/reporter';
import { planChecks } from '../../runtime/src/tasks/smoke';

/** A temp directory with the given files (content '' for markers). */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-detect-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const cases: Array<[string, Record<string, string>, string | undefined, string[] | undefined]> = [
  ['Alembic', { 'alembic.ini': '[alembic]\n', 'requirements.txt': 'alembic\nsqlalchemy\n' }, 'Alembic', ['alembic', 'upgrade', 'head']],
  ['Django', { 'manage.py': 'import django\n' }, 'Django', ['python', 'manage.py', 'migrate']],
  ['Prisma', { 'prisma/schema.prisma': 'datasource db {}\n', 'package.json': '{}' }, 'Prisma', ['npx', 'prisma', 'migrate', 'deploy']],
  ['Prisma at the top', { 'schema.prisma': '' }, 'Prisma', ['npx', 'prisma', 'migrate', 'deploy']],
  ['Flask-Migrate by requirement', { 'migrations/alembic.ini': '', 'requirements.txt': 'Flask\nFlask-Migrate==4.0.7\n' }, 'Flask-Migrate', ['flask', 'db', 'upgrade']],
  ['Flask-Migrate by env.py', { 'migrations/alembic.ini': '', 'migrations/env.py': 'from flask import current_app\n' }, 'Flask-Migrate', ['flask', 'db', 'upgrade']],
  ['Rails', { 'bin/rails': '#!/usr/bin/env ruby\n', 'db/migrate/20240101_init.rb': '' }, 'Rails', ['bin/rails', 'db:migrate']],
  ['knex', { 'knexfile.js': 'module.exports = {}\n', 'package.json': '{"dependencies":{"knex":"3"}}' }, 'knex', ['npx', 'knex', 'migrate:latest']],
  ['Sequelize by .sequelizerc', { '.sequelizerc': '', 'package.json': '{}' }, 'Sequelize', ['npx', 'sequelize-cli', 'db:migrate']],
  ['Sequelize by dependency', { 'package.json': '{"devDependencies":{"sequelize-cli":"6"}}' }, 'Sequelize', ['npx', 'sequelize-cli', 'db:migrate']],
  ['npm migrate script', { 'package.json': '{"scripts":{"migrate":"node migrate.js"}}' }, 'npm script', ['npm', 'run', 'migrate']],
  ['nothing', { 'main.py': 'print(1)\n', 'package.json': '{not json' }, undefined, undefined],
  ['plain migrations/ dir is not Flask-Migrate', { 'migrations/alembic.ini': '' }, undefined, undefined],
];

for (const [name, files, tool, command] of cases) {
  test(`migration detection: ${name}`, () => {
    const found = detectMigrationTool(tree(files));
    assert.equal(found?.tool, tool);
    assert.deepEqual(found?.command, command);
  });
}

function project(compose: string, files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const dir = tree({ 'compose.yaml': compose, ...files });
  const loaded = loadTaskProject({ projectDirectory: dir, env });
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
  return loaded.value;
}

test('planMigration picks the service whose build context holds the tool files', () => {
  const p = project(`services:\n  db:\n    image: postgres:16.4\n  web:\n    build: ./frontend\n  api:\n    build:\n      context: ./backend\n`, {
    'backend/alembic.ini': '',
    'frontend/package.json': '{}',
  });
  const plan = planMigration(p);
  assert.ok(plan?.ok);
  assert.deepEqual(plan.value, { tool: 'Alembic', service: 'api', command: ['alembic', 'upgrade', 'head'], reason: 'Alembic (backend/alembic.ini)' });
});

test('planMigration uses an existing migrate/migration service as is', () => {
  const p = project(`services:\n  api:\n    build: .\n  migration:\n    build: .\n    command: alembic upgrade head\n`, { 'alembic.ini': '' });
  const plan = planMigration(p);
  assert.ok(plan?.ok);
  assert.equal(plan.value.service, 'migration');
  assert.equal(plan.value.command, undefined);
});

test('planMigration: explicit command wins, unknown service is a clear error, nothing found is undefined', () => {
  const p = project(`services:\n  api:\n    image: x:1.2.3\n`);
  assert.equal(planMigration(p), undefined);
  const custom = planMigration(p, { command: ['./migrate.sh'] });
  assert.ok(custom?.ok);
  assert.deepEqual(custom.value, { tool: 'custom', service: 'api', command: ['./migrate.sh'], reason: 'command given' });
  const bad = planMigration(p, { service: 'nope' });
  assert.ok(bad && !bad.ok);
  assert.match(bad.message, /Service "nope" is not defined .* \(services: api\)/);
});

test('port resolution: short syntax with host IP, default bind, IPv6, ranges, udp', () => {
  assert.deepEqual(endpointsOf({ hostIp: '127.0.0.1', published: '8080', target: '80' }), [{ host: '127.0.0.1', port: 8080, target: 80 }]);
  assert.deepEqual(endpointsOf({ published: '8080', target: '80' }), [{ host: '127.0.0.1', port: 8080, target: 80 }]);
  assert.deepEqual(endpointsOf({ hostIp: '0.0.0.0', published: '9000', target: '9000' }), [{ host: '127.0.0.1', port: 9000, target: 9000 }]);
  assert.deepEqual(endpointsOf({ hostIp: '::1', published: '8080', target: '80' }), [{ host: '::1', port: 8080, target: 80 }]);
  assert.deepEqual(endpointsOf({ published: '8000-8001', target: '9000-9001' }), [
    { host: '127.0.0.1', port: 8000, target: 9000 },
    { host: '127.0.0.1', port: 8001, target: 9001 },
  ]);
  assert.deepEqual(endpointsOf({ published: '8000-8005', target: '80' }), [{ host: '127.0.0.1', port: undefined, target: 80 }], 'engine picks within the range');
  assert.deepEqual(endpointsOf({ target: '80' }), [{ host: '127.0.0.1', port: undefined, target: 80 }], 'ephemeral');
  assert.deepEqual(endpointsOf({ published: '53', target: '53', protocol: 'udp' }), []);
  assert.deepEqual(endpointsOf({ published: 'abc', target: '80' }), []);
  assert.equal(urlFor({ host: '::1', port: 8080 }, '/health'), 'http://[::1]:8080/health');
});

test('port resolution from a compose file: short, long syntax, interpolation, app services only', () => {
  const p = project(
    [
      'services:',
      '  db:',
      '    image: postgres:16.4',
      '    ports: ["127.0.0.1:5432:5432"]',
      '  api:',
      '    image: ghcr.io/acme/api:1.0.0',
      '    command: uvicorn app.main:app --host 0.0.0.0',
      '    ports:',
      '      - "127.0.0.1:${API_PORT:-8000}:8000"',
      '      - target: 9090',
      '        published: "9091"',
      '        host_ip: 127.0.0.2',
      '  ui:',
      '    image: acme/ui:2.0.0',
      '    ports:',
      '      - target: 3000',
      '        published: ${UI_PORT}',
    ].join('\n') + '\n',
    {},
    { UI_PORT: '3001' },
  );
  const apps = appServices(p);
  assert.deepEqual(apps.map((s) => s.name), ['api', 'ui'], 'the database is not smoke-tested');
  const api = apps[0];
  assert.equal(api.line, 5);
  assert.deepEqual(api.ports.flatMap(endpointsOf), [
    { host: '127.0.0.1', port: 8000, target: 8000 },
    { host: '127.0.0.2', port: 9091, target: 9090 },
  ]);
  assert.ok(looksLikeFastApi(api));
  assert.deepEqual(apps[1].ports.flatMap(endpointsOf), [{ host: '127.0.0.1', port: 3001, target: 3000 }]);
  assert.ok(!looksLikeFastApi(apps[1]));
});

test('project loading: override file merged, name normalised, .env read, bad YAML reported', () => {
  const dir = tree({
    'compose.yaml': 'name: My_Stack.1\nservices:\n  api:\n    image: a:1.0.0\n',
    'compose.override.yaml': 'services:\n  api:\n    ports: ["${P}:80"]\n',
    '.env': 'P=8123 # comment\nexport Q="quoted value"\n',
  });
  const loaded = loadTaskProject({ projectDirectory: dir });
  assert.ok(loaded.ok);
  assert.equal(loaded.value.name, 'my_stack1');
  assert.equal(loaded.value.files.length, 2);
  assert.equal(loaded.value.explicitFiles, false);
  assert.deepEqual(loaded.value.services[0].ports.flatMap(endpointsOf), [{ host: '127.0.0.1', port: 8123, target: 80 }]);
  assert.equal(normalizeProjectName('-Foo Bar!'), 'foobar');

  const broken = tree({ 'compose.yaml': 'services:\n  api: [\n' });
  const r = loadTaskProject({ projectDirectory: broken });
  assert.ok(!r.ok);
  assert.match(r.message, /compose\.yaml:\d+: /);
  const none = loadTaskProject({ projectDirectory: tree({}) });
  assert.ok(!none.ok);
  assert.match(none.message, /No compose file in .* Pass -f FILE/);
});

test('interpolation and .env parsing (the engine\'s, as the tasks read them)', () => {
  const env = new Map([['A', 'x'], ['E', '']]);
  assert.equal(interpolate('${A}-${B:-def}-${E:-e}-${E-keep}-$A-$$A-${B:+no}-${A:+yes}', env).value, 'x-def-e--x-$A--yes');
  assert.deepEqual(Object.fromEntries(parseDotEnv('# c\nA=1\nB = "two # not comment"\nC=3 # comment\nbad line\n')), { A: '1', B: 'two # not comment', C: '3' });
});

test('task definition schema: valid, and a clear message naming bad fields', () => {
  const ok = parseTaskDefinition({ type: 'ai-stack', action: 'migrate', service: 'api', command: ['alembic', 'upgrade', 'head'], retries: 3 });
  assert.ok(ok.ok);
  const bad = parseTaskDefinition({ type: 'ai-stack', action: 'explode', command: 'alembic upgrade head', retries: 0 });
  assert.ok(!bad.ok);
  assert.match(bad.message, /action: action must be one of migrate, smoke, wait-healthy, deploy/);
  assert.match(bad.message, /command: command must be an array of strings/);
  assert.match(bad.message, /retries: retries must be at least 1/);
});

test('workspace discovery: one project per default-named directory, other compose files on their own, explicit sets (their files not again)', () => {
  const found = discoverProjects(
    ['compose.yaml', 'compose.override.yaml', 'docker-compose.prod.yml', 'services/ml/docker-compose.yml', 'node_modules/x/compose.yaml', '.devcontainer/compose.yaml', 'deploy/app.compose.yml', 'deploy/base.yml'],
    [['deploy/base.yml', 'deploy/app.compose.yml']],
  );
  assert.deepEqual(found, [
    { label: 'deploy/base.yml + deploy/app.compose.yml', files: ['deploy/base.yml', 'deploy/app.compose.yml'] },
    { label: '.', projectDirectory: '.' },
    { label: 'docker-compose.prod.yml', files: ['docker-compose.prod.yml'] },
    { label: 'services/ml', projectDirectory: 'services/ml' },
  ]);
});

test('smoke plan: /health, /ready and /docs for FastAPI on the published port, located at the service key', async () => {
  const dir = tree({
    'compose.yaml': 'services:\n  db:\n    image: postgres:16.4\n    ports: ["5432:5432"]\n  api:\n    build: ./api\n    ports:\n      - target: 8000\n        published: 8001\n        host_ip: 127.0.0.1\n  worker:\n    image: acme/worker:1.0.0\n',
    'api/requirements.txt': 'fastapi==0.115.0\nuvicorn\n',
  });
  const r = createMemoryReporter();
  const prepared = prepare({ projectDirectory: dir }, r);
  assert.ok(prepared, r.text());
  const checks = await planChecks(prepared);
  assert.ok(Array.isArray(checks), String(checks));
  const file = path.join(dir, 'compose.yaml');
  assert.deepEqual(checks, ['/health', '/ready', '/docs'].map((p) => ({ url: `http://127.0.0.1:8001${p}`, file, line: 5, service: 'api' })));

  const custom = await planChecks({ ...prepared, options: { ...prepared.options, urls: ['http://127.0.0.1:8001/livez', '/metrics'] } });
  assert.ok(Array.isArray(custom));
  assert.deepEqual(custom.map((c) => `${c.url}@${c.line}`), ['http://127.0.0.1:8001/livez@5', 'http://127.0.0.1:8001/metrics@5']);
  const bad = await planChecks({ ...prepared, options: { ...prepared.options, urls: ['http://'] } });
  assert.equal(bad, '"http://" is not a valid URL.');
  const none = await planChecks({ ...prepared, project: { ...prepared.project, services: prepared.project.services.filter((s) => s.name !== 'api') } });
  assert.match(String(none), /No app service publishes a port/);
});

test('a bad docker host is a usage error with a clear message, not an exception', () => {
  const r = createMemoryReporter();
  assert.equal(prepare({ projectDirectory: tree({ 'compose.yaml': 'services: {}\n' }), dockerHost: 'not a url' }, r), undefined);
  assert.match(r.text(), /Docker host \(aiStack\.docker\.host \/ --docker-host\) "not a url" is not a Docker host; use unix:\/\/\/path\/to\/docker\.sock/);
});
