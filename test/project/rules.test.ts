/** Rules judging merged services, reported in the file where the user must act. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyze } from '../../server/src/engine';
import { analyzeProject, projectFindings } from '../../server/src/engine/analyze/project';
import { loadProject } from '../../server/src/engine/project/project';
import { fixtureProject, FIXTURES } from './support';

const text = (project: ReturnType<typeof loadProject>, f: { file: string; range: { start: number; end: number } }) => project.fileAt(f.file)!.text.slice(f.range.start, f.range.end);
const base = (name: string) => path.basename(name);

test('a port published only in the override is reported in the override, not in the prod set', () => {
  const dev = fixtureProject('override', ['compose.yaml', 'compose.override.yaml']);
  const found = projectFindings(dev).filter((f) => f.ruleId === 'port-host-ip-required');
  assert.deepEqual(found.map((f) => [base(f.file), text(dev, f)]), [
    ['compose.override.yaml', '"9229:9229"'],
    ['compose.override.yaml', '"5432:5432"'],
  ]);
  const prod = fixtureProject('override', ['compose.yaml', 'compose.prod.yaml']);
  assert.deepEqual(projectFindings(prod).filter((f) => f.ruleId === 'port-host-ip-required'), []);
  // The analysis of one file carries only that file's findings.
  assert.ok(analyzeProject(dev, path.join(FIXTURES, 'override/compose.yaml')).findings.every((f) => base(f.file) === 'compose.yaml'));
});

test('published database ports are relaxed in a development override only', () => {
  const files: Record<string, string> = {
    '/p/compose.yaml': 'services:\n  db:\n    image: postgres:16.4\n',
    '/p/compose.override.yaml': 'services:\n  db:\n    ports: ["127.0.0.1:5432:5432"]\n',
    '/p/compose.prod.yaml': 'services:\n  db:\n    ports: ["127.0.0.1:5432:5432"]\n',
  };
  const read = (p: string) => files[p];
  const dev = loadProject({ files: ['/p/compose.yaml', '/p/compose.override.yaml'], read });
  const prod = loadProject({ files: ['/p/compose.yaml', '/p/compose.prod.yaml'], read });
  assert.deepEqual(projectFindings(dev).filter((f) => f.ruleId === 'no-published-db-ports'), []);
  assert.deepEqual(projectFindings(prod).filter((f) => f.ruleId === 'no-published-db-ports').map((f) => base(f.file)), ['compose.prod.yaml']);
});

test('a healthcheck supplied only by the base file satisfies the override and the prod set', () => {
  for (const set of [['compose.yaml', 'compose.override.yaml'], ['compose.yaml', 'compose.override.yaml', 'compose.prod.yaml']]) {
    const project = fixtureProject('override', set);
    assert.deepEqual(projectFindings(project).filter((f) => f.ruleId === 'healthcheck-required'), [], set.join('+'));
  }
  const files: Record<string, string> = { '/p/compose.yaml': 'services:\n  api:\n    image: a:1.0.0\n', '/p/compose.override.yaml': 'services:\n  api:\n    environment: {A: "1"}\n' };
  const missing = projectFindings(loadProject({ files: Object.keys(files), read: (p) => files[p] })).filter((f) => f.ruleId === 'healthcheck-required');
  assert.deepEqual(missing.map((f) => [f.file, f.range.start]), [['/p/compose.yaml', files['/p/compose.yaml'].indexOf('api')]], 'missing → on the service key of the defining file');
});

test('an extends chain (file: and same file) inherits hardening; the problem in the chain is reported where it is written', () => {
  const project = fixtureProject('extends', ['compose.yaml']);
  const findings = projectFindings(project);
  for (const rule of ['cap-drop-all', 'read-only-rootfs', 'healthcheck-required', 'logging-rotation']) {
    assert.deepEqual(findings.filter((f) => f.ruleId === rule).map((f) => f.service), [], rule);
  }
  const ports = findings.filter((f) => f.ruleId === 'port-host-ip-required');
  assert.deepEqual(ports.map((f) => [f.service, base(f.file), text(project, f)]), [['worker', 'compose.yaml', '"8001:8001"']]);
  // Alone, compose.yaml's app has no cap_drop: the single-file check cannot see common.yml.
  const single = analyze(path.join(FIXTURES, 'extends/compose.yaml'), project.mainFiles[0].text)!;
  assert.ok(single.findings.some((f) => f.ruleId === 'cap-drop-all'));
});

test('interpolated secrets: a required variable missing from .env is an error on the ${…} text', () => {
  const project = fixtureProject('interpolation', ['compose.yaml']);
  const [f] = projectFindings(project).filter((x) => x.ruleId === 'env-required-missing');
  assert.equal(f.message, 'compose up will fail: DB_PASSWORD is not set (DB_PASSWORD is required). Add it to .env or provide a default.');
  assert.equal(text(project, f), '${DB_PASSWORD:?DB_PASSWORD is required}');
  assert.equal(f.severity, 'error');
  // Without a .env file the shell provides the values: no finding.
  const files: Record<string, string> = { '/p/compose.yaml': 'services:\n  api:\n    image: a:${TAG:?set TAG}\n' };
  assert.deepEqual(projectFindings(loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] })).filter((x) => x.ruleId === 'env-required-missing'), []);
  // With a .env that sets it, quiet.
  const ok = fixtureProject('interpolation', ['compose.yaml'], { envFile: path.join(FIXTURES, 'interpolation/complete.env') });
  assert.deepEqual(projectFindings(ok).filter((x) => x.ruleId.startsWith('env-')), []);
});

test('undefined references: depends_on, networks, volumes, secrets, extends — error with did-you-mean', () => {
  const files: Record<string, string> = {
    '/p/compose.yaml': [
      'services:',
      '  api:',
      '    image: a:1.0.0',
      '    depends_on: [datbase]',
      '    networks: [backnd]',
      '    volumes: ["cache-data:/cache", "./src:/src"]',
      '    secrets: [db_pasword]',
      '  worker:',
      '    extends: apii',
      '  database:',
      '    image: postgres:16.4',
      'networks: {backend: {}}',
      'volumes: {cache_data: {}}',
      'secrets: {db_password: {file: ./pw}}',
      '',
    ].join('\n'),
  };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] });
  const found = projectFindings(project).filter((f) => f.ruleId === 'undefined-reference');
  assert.deepEqual(
    found.map((f) => [text(project, f), f.message]),
    [
      ['datbase', 'depends_on of "api" refers to service "datbase", which is not defined. Did you mean "database"?'],
      ['backnd', 'networks of "api" refers to network "backnd", which is not defined under top-level networks:. Did you mean "backend"?'],
      ['"cache-data:/cache"', 'volumes of "api" refers to volume "cache-data", which is not defined under top-level volumes:. Did you mean "cache_data"?'],
      ['db_pasword', 'secrets of "api" refers to secret "db_pasword", which is not defined under top-level secrets:. Did you mean "db_password"?'],
      ['apii', 'extends of "worker" refers to service "apii", which is not defined. Did you mean "api"?'],
    ],
  );
});

test('a reference satisfied by another file of the set is not reported; an override alone is a fragment', () => {
  const dev = fixtureProject('override', ['compose.yaml', 'compose.override.yaml', 'compose.prod.yaml']);
  assert.deepEqual(projectFindings(dev).filter((f) => f.ruleId === 'undefined-reference'), []);
  const override = 'services:\n  api:\n    depends_on: [db]\n';
  assert.deepEqual(analyze('/p/compose.override.yaml', override)!.findings.filter((f) => f.ruleId === 'undefined-reference'), []);
});

test('include: services of the included file are checked and reported in that file', () => {
  const project = fixtureProject('include', ['compose.yaml']);
  const f = projectFindings(project).find((x) => x.ruleId === 'port-host-ip-required')!;
  assert.equal(path.relative(FIXTURES, f.file), path.join('include', 'db', 'compose.yaml'));
  assert.equal(text(project, f), '"${CACHE_PORT:-6379}:6379"');
  assert.deepEqual(projectFindings(project).filter((x) => x.ruleId === 'undefined-reference'), [], 'web depends on the included cache');
});

test('missing extends file and extends cycles are reported, never thrown', () => {
  const files: Record<string, string> = {
    '/p/compose.yaml': 'services:\n  a:\n    extends: {file: nope.yml, service: x}\n  b:\n    extends: c\n  c:\n    extends: b\n',
  };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] });
  const ids = projectFindings(project).filter((f) => f.ruleId === 'project-file-missing').map((f) => f.message);
  assert.equal(ids.filter((m) => /nope\.yml does not exist/.test(m)).length, 1);
  assert.ok(ids.some((m) => /extends cycle: (b → c → b|c → b → c)/.test(m)), ids.join('\n'));
});

test('secrets in the base environment are found when an override adds other variables (map and list form)', () => {
  for (const env of ['environment:\n      DB_PASSWORD: hunter2\n', 'environment:\n      - DB_PASSWORD=hunter2\n']) {
    const files: Record<string, string> = {
      '/p/compose.yaml': `services:\n  api:\n    image: a:1.0.0\n    ${env}`,
      '/p/compose.override.yaml': 'services:\n  api:\n    environment:\n      LOG_LEVEL: debug\n',
    };
    const project = loadProject({ files: Object.keys(files), read: (p) => files[p] });
    const found = projectFindings(project).filter((f) => f.ruleId === 'no-hardcoded-secrets');
    assert.equal(found.length, 1, env);
    assert.equal(base(found[0].file), 'compose.yaml');
    assert.match(text(project, found[0]), /hunter2/);
    assert.ok(!found[0].message.includes('hunter2'), 'the secret never appears in the message');
  }
});
