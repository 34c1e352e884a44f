import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, underlined } from '../../support/rules';
import { parse } from 'yaml';
import { applyFix, check } from '../../support/rules';

const RULE = 'service-unreachable';
const uses = (text: string) => findings(text, RULE).map((f) => `${f.service}: ${underlined(text, f)}`);

test('service-unreachable: URLs and host:port in environment (map and list), command, entrypoint, healthcheck, DB_HOST, links', () => {
  const back = `  db:\n    image: postgres:16.4\n    networks: [backend]\n  ollama:\n    image: ollama/ollama:0.5.7\n    networks: [ailab-network]\nnetworks:\n  backend: {}\n  ailab-network: {}\n`;
  const cases: [string, string][] = [
    [`    environment:\n      DATABASE_URL: postgres://app:s3cret@db:5432/app\n`, 'db'],
    [`    environment:\n      - OLLAMA_BASE_URL=http://ollama:11434/v1\n`, 'ollama'],
    [`    environment:\n      OLLAMA_HOST: "ollama:11434"\n`, 'ollama'],
    [`    environment:\n      DB_HOST: db\n`, 'db'],
    [`    environment:\n      DATABASE_URL: \${DATABASE_URL:-postgresql://u:\${PW}@db:5432/app} # default\n`, 'db'],
    [`    command: sh -c "wait-for db:5432 && run"\n`, 'db'],
    [`    command: ["wait-for", "db:5432", "--", "run"]\n`, 'db'],
    [`    entrypoint: [/bin/app, --llm=http://ollama:11434]\n`, 'ollama'],
    [`    healthcheck:\n      test: ["CMD", "curl", "-f", "http://ollama:11434/api/tags"]\n`, 'ollama'],
    [`    links: ["db:database"]\n`, 'db'],
  ];
  for (const [setting, host] of cases) {
    const text = `services:\n  api:\n    image: x:1.2.3\n${setting}${back}`;
    assert.deepEqual(uses(text), [`api: ${host}`], text);
  }
  const [f] = findings(`services:\n  api:\n    image: x:1.2.3\n    environment:\n      DATABASE_URL: postgres://app:s3cret@db:5432/app\n${back}`, RULE);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /"api" reaches "db" at postgres:\/\/db:5432 \(environment DATABASE_URL\), but they share no network: "api" is on default, "db" on backend/);
  assert.doesNotMatch(f.message, /s3cret/, 'no credentials in messages');
  assert.deepEqual(f.related!.map((r) => r.message), ['"api" has no `networks:`, so it is on the default network only', '"db" joins backend here']);
});

test('service-unreachable: related information points at both services\' networks and the other uses', () => {
  const text = `services:\n  api:\n    image: x:1.2.3\n    networks: [front]\n    environment:\n      A: http://db:5432\n      B: db:5432\n    depends_on: [db]\n  db:\n    image: postgres:16.4\n    networks: [backend]\nnetworks:\n  front: {}\n  backend: {}\n`;
  const [f, ...rest] = findings(text, RULE);
  assert.equal(rest.length, 0, 'one finding per caller and callee');
  assert.equal(underlined(text, f), 'db');
  assert.equal(text.slice(0, f.range.start).split('\n').length, 6, 'on the first use (A)');
  assert.deepEqual(
    f.related!.map((r) => [underlined(text, r as never), r.message]),
    [
      ['networks', '"api" joins front here'],
      ['networks', '"db" joins backend here'],
      ['db', '"api" also uses "db" here (environment B)'],
      ['db', '"api" also uses "db" here (depends_on)'],
    ],
  );
});

test('service-unreachable: no false positives (substrings, paths, image tags, variables, shared networks)', () => {
  const text = `services:
  api:
    image: x:1.2.3
    networks: [front]
    environment:
      A: http://db.example.com:5432
      B: mydb:5432
      C: db-replica:5432
      D: /srv/db:5432
      E: \${DB_HOST}:5432
      F: http://\${DB_HOST:-db}:5432
      BASE_IMAGE: db:8080
      G: db:7
      H: the db is fine
      I: db
      J: https://example.com/db:5432
    command: ["echo", "db", "redis"]
  db:
    image: postgres:16.4
    networks: [backend]
  redis:
    image: redis:7.4.2
    networks: [backend, front]
  cache:
    image: redis:7.4.2
    environment: [REDIS_URL=redis://redis:6379]
    networks: [front]
networks:
  front: {}
  backend: {}
`;
  assert.deepEqual(uses(text), []);
});

test('service-unreachable: default network, network_mode, aliases, container_name, external names, extra_hosts, one-shot depends_on', () => {
  const text = `services:
  web:
    image: x:1.2.3
    environment:
      - API=http://api:8000
      - PG=pg:5432
  api:
    image: x:1.2.3
    networks:
      default:
      back:
        aliases: [api-internal]
  db:
    image: postgres:16.4
    container_name: pg
    networks: [shared]
  side:
    image: x:1.2.3
    network_mode: service:api
    environment: {U: "http://api-internal:80", V: "http://pg:5432"}
  other:
    image: x:1.2.3
    networks: [shared2]
    environment: {U: "http://pg:5432", V: "http://api-internal:9000"}
  hostnet:
    image: x:1.2.3
    network_mode: host
    environment: {U: "http://db:5432"}
  mapped:
    image: x:1.2.3
    extra_hosts: ["db:10.0.0.5"]
    environment: {U: "http://db:5432"}
  migrate:
    image: x:1.2.3
    networks: [shared]
  late:
    image: x:1.2.3
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_started}
networks:
  back: {}
  shared: {external: true, name: models}
  shared2: {external: {name: models}}
`;
  const list = findings(text, RULE);
  assert.deepEqual(
    list.map((f) => `${f.service}: ${underlined(text, f)}`),
    ['web: pg', 'side: pg', 'other: api-internal', 'late: db'],
  );
  assert.match(list[2].message, /"api-internal" is an alias of "api" on back only/);
  assert.match(list[3].message, /"late" depends on "db", but they share no network: "late" is on default, "db" on shared: if it talks to "db"/);
  assert.match(list[1].related![0].message, /"side" uses the network stack of "api": default, back/);
});

test('service-unreachable: an inherited value is reported on the service key with the anchor as related information', () => {
  const text = `x-env: &env\n  environment:\n    API_URL: http://api:8000\nservices:\n  web:\n    <<: *env\n    image: x:1.2.3\n  api:\n    image: x:1.2.3\n    networks: [back]\nnetworks:\n  back: {}\n`;
  const [f] = findings(text, RULE);
  assert.equal(underlined(text, f), 'web');
  assert.match(f.related![0].message, /inherited from the anchor &env/);
});


test('service-unreachable fix: the caller joins the callee\'s network, keeping default, comments and style', () => {
  const tail = `  ollama:\n    image: ollama/ollama:0.5.7\n    networks: [ailab-network] # models\nnetworks:\n  ailab-network: {}\n  backend: {}\n`;
  // No networks: yet: the caller keeps the default network (and everyone on it).
  const none = `services:\n  api: # app\n    image: x:1.2.3\n    environment:\n      OLLAMA_BASE_URL: http://ollama:11434 # llm\n${tail}`;
  const out = applyFix(none, RULE);
  assert.ok(out.includes(`      OLLAMA_BASE_URL: http://ollama:11434 # llm\n    networks: [default, ailab-network]\n  ollama:`), out);
  // The caller has no networks: yet: offered, but Fix all leaves it to service-networks (which moves it with its peers).
  assert.equal(check(none).fix(findings(none, RULE)[0])!.safe, false);
  // A block list, a block mapping and a flow service.
  const list = `services:\n  api:\n    image: x:1.2.3\n    environment: [OLLAMA_HOST=ollama:11434]\n    networks:\n      - backend # db side\n${tail}`;
  assert.ok(applyFix(list, RULE).includes(`    networks:\n      - backend # db side\n      - ailab-network\n`));
  assert.equal(check(list).fix(findings(list, RULE)[0])!.safe, true, 'both list their networks, one candidate: safe');
  const toDefault = `services:\n  api:\n    image: x:1.2.3\n    environment: [OLLAMA_HOST=ollama:11434]\n    networks: [backend]\n  ollama:\n    image: ollama/ollama:0.5.7\nnetworks:\n  backend: {}\n`;
  assert.ok(applyFix(toDefault, RULE).includes(`    networks: [backend, default]\n`));
  assert.equal(check(toDefault).fix(findings(toDefault, RULE)[0])!.safe, false, 'the callee is on the implicit default network');
  const map = `services:\n  api:\n    image: x:1.2.3\n    environment: [OLLAMA_HOST=ollama:11434]\n    networks:\n      backend:\n        aliases: [app]\n${tail}`;
  assert.deepEqual(parse(applyFix(map, RULE)).services.api.networks, { backend: { aliases: ['app'] }, 'ailab-network': {} });
  const flow = `services:\n  api: {image: "x:1.2.3", command: ["run", "http://ollama:11434"], networks: [backend]}\n${tail}`;
  assert.ok(applyFix(flow, RULE).includes(`  api: {image: "x:1.2.3", command: ["run", "http://ollama:11434"], networks: [backend, ailab-network]}\n`));
});

test('service-unreachable fix: unsafe when the callee is on several networks; the callee joins when the caller cannot change', () => {
  const two = `services:\n  api:\n    image: x:1.2.3\n    environment: {U: "http://db:5432"}\n  db:\n    image: postgres:16.4\n    networks: [a, b]\nnetworks:\n  a: {}\n  b: {}\n`;
  const a = check(two);
  const fix = a.fix(findings(two, RULE)[0])!;
  assert.equal(fix.title, 'Attach "api" to network a');
  assert.equal(fix.safe, false);
  // The caller's networks come from an anchor: the callee joins the caller's only network instead.
  const anchored = `x-net: &net\n  networks: [front]\nservices:\n  api:\n    <<: *net\n    image: x:1.2.3\n    environment: {U: "http://db:5432"}\n  db:\n    image: postgres:16.4\n    networks: [back]\nnetworks:\n  front: {}\n  back: {}\n`;
  const f2 = check(anchored).fix(findings(anchored, RULE)[0])!;
  assert.equal(f2.title, 'Attach "db" to network front');
  assert.equal(f2.safe, false, 'changing the callee is for a person to confirm');
  assert.deepEqual(parse(applyFix(anchored, RULE)).services.db.networks, ['front', 'back'], 'first in the other service\'s list');
});

test('service-unreachable while typing: a keystroke in one service gives the findings of a full analysis, also for the services that call it', async () => {
  const { typed } = await import('./keystroke.shared');
  const text = `services:
  api:
    image: x:1.2.3
    networks: [front]
    environment:
      DATABASE_URL: postgres://app:\${PW:?PW must be set}@db:5432/app
    depends_on: [jobs]
  worker:
    image: x:1.2.3
    networks: [front]
    environment:
      CACHE_URL: redis://cache:6379
  db:
    image: postgres:16.4
    networks: [backend]
    environment:
      POSTGRES_DB: app
  cache:
    image: redis:7.4.2
    networks: [front]
  jobs:
    image: x:1.2.3
    networks: [backend]
networks:
  front: {}
  backend: {}
`;
  const steps = typed(text, RULE, [
    ['POSTGRES_DB: app', 'POSTGRES_DB: apps'], // the called service changes, not what it offers the others
    ['image: x:1.2.3\n    networks: [backend]', 'image: x:1.2.3\n    restart: "no"\n    networks: [backend]'], // jobs becomes a one-shot job: depends_on alone is no call
    ['networks: [backend]\n    environment', 'networks: [backend, front]\n    environment'], // db joins the caller's network
    ['@db:5432', '@cache:5432'], // the caller now names another service
    ['image: redis:7.4.2\n    networks: [front]', 'image: redis:7.4.2\n    networks: [backend]'], // cache leaves worker's network
  ]);
  const targets = steps.map((fs) => fs.map((f) => `${f.service}→${f.data?.target}`).sort().join(' '));
  assert.deepEqual(targets, ['api→db api→jobs', 'api→db api→jobs', 'api→db', '', '', 'api→cache worker→cache']);
});
