/** What the built Dockerfile or the registry image already provides counts as the service's (issue 11, item 3). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { analyze, applyEdits, type Finding } from '../../server/src/engine';
import { analyzeProject, projectFindings } from '../../server/src/engine/analyze/project';
import { loadProject } from '../../server/src/engine/project/project';
import { imageFacts } from '../../server/src/engine/shared/imageFacts';
import { diskReader } from './support';

/** Writes `files` into a fresh temp dir and loads its compose.yaml as a project from disk. */
function project(files: Record<string, string>, reader = diskReader()) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ai-stack-image-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const load = () => loadProject({ files: [path.join(dir, 'compose.yaml')], read: reader });
  return { dir, load, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const of = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);

test('a built service whose final stage sets USER and HEALTHCHECK is neither root nor without a healthcheck; the Dockerfile is a dependency', (t) => {
  const p = project({
    'compose.yaml': 'services:\n  api:\n    build: .\n',
    Dockerfile: 'FROM node:22.12.0-slim AS base\nWORKDIR /app\nFROM base\nUSER node\nEXPOSE 3000\nHEALTHCHECK CMD node -e "process.exit(0)"\nCMD ["node", "server.js"]\n',
  });
  t.after(p.cleanup);
  const proj = p.load();
  const findings = projectFindings(proj);
  assert.deepEqual(of(findings, 'non-root-user'), []);
  assert.deepEqual(of(findings, 'healthcheck-required'), []);
  assert.ok(proj.dependencies.has(path.join(p.dir, 'Dockerfile')), 'the Dockerfile is tracked, so the language server re-checks when it changes');
  // The same Dockerfile without USER/HEALTHCHECK: both come back, naming the Dockerfile's stage.
  writeFileSync(path.join(p.dir, 'Dockerfile'), 'FROM node:22.12.0-slim\nEXPOSE 3000\nCMD ["node", "server.js"]\n');
  const again = projectFindings(p.load());
  const [user] = of(again, 'non-root-user');
  assert.match(user.message, /sets no user and Dockerfile \(final stage\) sets no USER: unless its base image node:22.12.0-slim switches users, it runs as root/);
  const [health] = of(again, 'healthcheck-required');
  assert.match(health.message, /has no healthcheck \(nor does Dockerfile \(final stage\)\)/);
  assert.equal(path.basename(health.file), 'compose.yaml', 'reported on the compose service');
  assert.deepEqual(user.related?.map((r) => [path.basename(r.file), r.message]), [['Dockerfile', 'a USER instruction in this stage also fixes it']], 'related: the stage to edit instead');
  assert.equal(health.related?.[0].range.start, 0, 'at the FROM of the final stage');
});

test('build: context + dockerfile, target: picks a stage, FROM <stage> inherits, HEALTHCHECK NONE disables', (t) => {
  const p = project({
    'compose.yaml': [
      'services:',
      '  worker:',
      '    build: {context: ./app, dockerfile: docker/Worker.dockerfile, target: dev}',
      '  web:',
      '    build: {context: ./app, dockerfile: docker/Worker.dockerfile, target: prod}',
      '',
    ].join('\n'),
    'app/docker/Worker.dockerfile': [
      'FROM python:3.12-slim AS base',
      'RUN useradd -u 10001 app',
      'USER 10001',
      'HEALTHCHECK CMD python -c "print(1)"',
      'FROM base AS prod',
      'CMD ["python", "-m", "app"]',
      'FROM python:3.12-slim AS dev',
      'HEALTHCHECK NONE',
      'CMD ["python", "-m", "app"]',
      '',
    ].join('\n'),
  });
  t.after(p.cleanup);
  const findings = projectFindings(p.load());
  assert.deepEqual(of(findings, 'non-root-user').map((f) => f.service), ['worker'], 'prod inherits USER 10001 from base; dev sets none');
  assert.match(of(findings, 'non-root-user')[0].message, /Worker\.dockerfile \(stage "dev"\) sets no USER/);
  const health = of(findings, 'healthcheck-required');
  assert.deepEqual(health.map((f) => f.service), ['worker']);
  assert.match(health[0].message, /Worker\.dockerfile \(stage "dev"\) disables it with HEALTHCHECK NONE/);
});

test('ARGs in FROM are resolved (Dockerfile default, then build.args); a known base image supplies its user', (t) => {
  const dockerfile = 'ARG BASE=grafana/grafana:11.2.0\nFROM ${BASE}\nCOPY dashboards /etc/grafana/dashboards\n';
  const p = project({
    'compose.yaml': 'services:\n  dash:\n    build: ./grafana\n  other:\n    build:\n      context: ./grafana\n      args: {BASE: "debian:12-slim"}\n',
    'grafana/Dockerfile': dockerfile,
  });
  t.after(p.cleanup);
  const users = of(projectFindings(p.load()), 'non-root-user');
  assert.deepEqual(users.map((f) => f.service), ['other'], 'grafana runs as 472');
  assert.match(users[0].message, /unless its base image debian:12-slim switches users/);
});

test('dockerfile_inline is read (after compose interpolation: $$ escapes); USER ${UID} left to a build arg counts as a chosen user', (t) => {
  const p = project({
    'compose.yaml': [
      'services:',
      '  a:',
      '    build:',
      '      dockerfile_inline: |',
      '        FROM alpine:3.20',
      '        USER 1000:1000',
      '  b:',
      '    build:',
      '      dockerfile_inline: |',
      '        FROM alpine:3.20',
      '        ARG UID',
      '        USER $${UID}',
      '  c:',
      '    build:',
      '      dockerfile_inline: |',
      '        FROM alpine:3.20',
      '        ARG UID=0',
      '        USER $${UID}',
      '',
    ].join('\n'),
  });
  t.after(p.cleanup);
  const users = of(projectFindings(p.load()), 'non-root-user');
  assert.deepEqual(users.map((f) => f.service), ['c']);
  assert.match(users[0].message, /runs as root \(USER 0 in dockerfile_inline \(final stage\)\)/);
});

test('depends_on: a target whose Dockerfile has a HEALTHCHECK can be waited for with service_healthy, without a compose healthcheck', (t) => {
  const p = project({
    'compose.yaml': 'services:\n  app:\n    image: app:1.0.0\n    depends_on: [api]\n  web:\n    image: web:1.0.0\n    depends_on:\n      api: {condition: service_healthy}\n  api:\n    build: ./api\n',
    'api/Dockerfile': 'FROM alpine:3.20\nUSER 1000\nHEALTHCHECK --interval=5s CMD wget -qO- http://127.0.0.1:8080/health || exit 1\n',
  });
  t.after(p.cleanup);
  const proj = p.load();
  const findings = projectFindings(proj);
  assert.deepEqual(of(findings, 'depends-on-unhealthy-target'), []);
  const deps = of(findings, 'depends-on-healthy');
  assert.equal(deps.length, 1);
  assert.match(deps[0].message, /wait for api \(healthy\)/);
  const compose = path.join(p.dir, 'compose.yaml');
  const analysis = analyzeProject(proj, compose);
  const fix = analysis.fix(analysis.findings.find((f) => f.ruleId === 'depends-on-healthy')!);
  const out = parse(applyEdits(proj.mainFiles[0].text, fix!.edits.map((e) => ({ range: e.range, newText: e.newText }))));
  assert.deepEqual(out.services.app.depends_on, { api: { condition: 'service_healthy' } });
  // A built target whose Dockerfile has no HEALTHCHECK: a warning naming the Dockerfile, not the "unless its Dockerfile has one" guess.
  writeFileSync(path.join(p.dir, 'api/Dockerfile'), 'FROM alpine:3.20\nUSER 1000\n');
  const blind = of(projectFindings(p.load()), 'depends-on-healthy');
  assert.equal(blind.length, 1);
  assert.notEqual(blind[0].severity, 'info');
  assert.doesNotMatch(blind[0].message, /unless/);
  assert.match(JSON.stringify(of(projectFindings(p.load()), 'depends-on-unhealthy-target')[0].message), /nor does Dockerfile \(final stage\)/);
});

test('single-file analysis of a text reads no Dockerfile (unchanged behaviour)', () => {
  const text = 'services:\n  api:\n    build: .\n';
  const findings = analyze('/nowhere/compose.yaml', text)!.findings;
  assert.match(of(findings, 'non-root-user')[0].message, /unless the image switches users/);
  assert.equal(of(findings, 'healthcheck-required').length, 1);
});

test('registry images: users the image already sets, probes that work inside it, no HTTP probe of a gRPC port', () => {
  const text = [
    'services:',
    '  grafana:',
    '    image: grafana/grafana:11.2.0',
    '  prom:',
    '    image: prom/prometheus:v2.54.1',
    '  db:',
    '    image: postgres:16.4',
    '  vec:',
    '    image: qdrant/qdrant:v1.12.4',
    '    ports: ["127.0.0.1:6334:6334"]',
    '  llm:',
    '    image: ollama/ollama:0.3.14',
    '',
  ].join('\n');
  const analysis = analyze('/nowhere/compose.yaml', text)!;
  const users = of(analysis.findings, 'non-root-user');
  assert.deepEqual(users.map((f) => f.service), ['vec', 'llm'], 'grafana and prometheus run as 472 and nobody; postgres drops to the postgres user for the server');
  assert.match(users[0].message, /sets no user and runs as root \(the Qdrant image\)/);
  const fixFor = (service: string) => {
    const f = of(analysis.findings, 'healthcheck-required').find((x) => x.service === service)!;
    return parse(applyEdits(text, analysis.fix(f)!.edits.map((e) => ({ range: e.range, newText: e.newText })))).services[service].healthcheck;
  };
  const qdrant = fixFor('vec');
  assert.deepEqual(qdrant.test, ['CMD-SHELL', "bash -c ':> /dev/tcp/127.0.0.1/6333' || exit 1"], 'no curl/wget in the image; not the gRPC port 6334');
  assert.deepEqual(fixFor('prom').test, ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:9090/-/ready']);
  assert.deepEqual(fixFor('llm').test, ['CMD', 'ollama', 'list']);
});

test('images that already have a HEALTHCHECK or a non-root user need neither from compose', () => {
  const text = 'services:\n  ui:\n    image: ghcr.io/open-webui/open-webui:v0.5.20\n  app:\n    image: app:1.0.0\n    depends_on: [ui]\n  redis:\n    image: bitnami/redis:7.4\n  pg:\n    image: pgvector/pgvector:0.8.0-pg17\n';
  const findings = analyze('/nowhere/compose.yaml', text)!.findings;
  assert.deepEqual(of(findings, 'healthcheck-required').map((f) => f.service), ['app', 'redis', 'pg']);
  assert.deepEqual(of(findings, 'non-root-user').map((f) => f.service), ['ui', 'app']);
  assert.match(of(findings, 'depends-on-healthy')[0].message, /wait for ui \(healthy\)/);
});

test('image facts: every entry cites a source; Postgres 18 declares its VOLUME one level up', () => {
  assert.deepEqual(imageFacts('postgres', '18.1')?.volumes, ['/var/lib/postgresql']);
  assert.deepEqual(imageFacts('postgres', '16.4')?.volumes, ['/var/lib/postgresql/data']);
  assert.deepEqual(imageFacts('pgvector/pgvector', '0.8.0-pg18')?.volumes, ['/var/lib/postgresql']);
  for (const repo of ['postgres', 'redis', 'valkey/valkey', 'mongo', 'mysql', 'mariadb', 'qdrant/qdrant', 'semitechnologies/weaviate', 'milvusdb/milvus', 'chromadb/chroma', 'neo4j', 'elasticsearch', 'opensearchproject/opensearch', 'clickhouse/clickhouse-server', 'minio/minio', 'nats', 'rabbitmq', 'ollama/ollama', 'vllm/vllm-openai', 'huggingface/text-generation-inference', 'huggingface/text-embeddings-inference', 'prom/prometheus', 'grafana/grafana', 'nginx', 'traefik', 'caddy', 'temporalio/auto-setup', 'keycloak/keycloak']) {
    const facts = imageFacts(repo);
    assert.ok(facts, repo);
    assert.ok(facts.sources.length && facts.sources.every((s) => s.startsWith('https://')), repo);
  }
});

test('the healthcheck fix of a built service probes the Dockerfile\'s EXPOSEd HTTP port with a tool its base image has', (t) => {
  const p = project({
    'compose.yaml': 'services:\n  web:\n    build: ./web\n  rpc:\n    build: ./rpc\n',
    'web/Dockerfile': 'FROM node:22.12.0-slim\nUSER node\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    'rpc/Dockerfile': 'FROM python:3.12-slim\nUSER 1000\nEXPOSE 50051 8000\nCMD ["python", "-m", "app"]\n',
  });
  t.after(p.cleanup);
  const proj = p.load();
  const analysis = analyzeProject(proj, path.join(p.dir, 'compose.yaml'));
  const test = (service: string) => {
    const f = analysis.findings.find((x) => x.ruleId === 'healthcheck-required' && x.service === service)!;
    return parse(applyEdits(proj.mainFiles[0].text, analysis.fix(f)!.edits)).services[service].healthcheck.test;
  };
  assert.deepEqual(test('web'), ['CMD', 'node', '-e', "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]);
  assert.deepEqual(test('rpc'), ['CMD', 'python', '-c', "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"], 'not the gRPC port 50051');
});
