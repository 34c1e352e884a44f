import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { allRules, AnalyzeOptions, fixAllText } from '../../../server/src/engine';
import { isolationRules } from '../../../server/src/engine/rules/compose/isolation';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { corpusDir } from '../../support/corpus';

const GROUP_A = new Set(isolationRules.map((r) => r.id));

const svc = `services:
  api: # the app
    image: python:3.12.8-slim
`;

const SAFE_GROUP_A = ['memory-limit', 'cpu-limit', 'pids-limit', 'logging-rotation', 'restart-policy', 'read-only-rootfs', 'no-new-privileges', 'cap-drop-all'];

function assertConverged(text: string, file = 'compose.yaml', options: AnalyzeOptions = {}) {
  const result = fixAllText(file, text, options);
  assert.deepEqual(parseDocument(result.text).errors.map((e) => e.message), [], result.text);
  const after = check(result.text, file, options);
  // Only this group's rules: the other group's fixes are tested in their own files.
  const fixable = after.findings.filter((f) => GROUP_A.has(f.ruleId) && after.fix(f)?.safe);
  assert.deepEqual(fixable.map((f) => `${f.ruleId}: ${f.message}`), [], `still fixable:\n${result.text}`);
  for (const id of SAFE_GROUP_A) assert.equal(after.findings.filter((f) => f.ruleId === id).length, 0, `${id} left:\n${result.text}`);
  for (const line of text.split('\n')) {
    const comment = line.match(/#.*$/)?.[0];
    if (comment) assert.ok(result.text.includes(comment), `lost ${comment}`);
  }
  return result;
}

test('memory-limit / cpu-limit: fire at the service key, quiet with either spelling or via an anchor', () => {
  for (const [id, deployKey, flat] of [
    ['memory-limit', 'memory: 512M', 'mem_limit: 1g'],
    ['cpu-limit', 'cpus: "0.5"', 'cpus: 2'],
  ] as const) {
    assert.equal(underlined(svc, findings(svc, id)[0]), 'api', id);
    assert.equal(findings(svc + `    deploy:\n      resources:\n        limits:\n          ${deployKey}\n`, id).length, 0, id);
    assert.equal(findings(svc + `    ${flat}\n`, id).length, 0, id);
    const anchored = `x-res: &res\n  deploy:\n    resources:\n      limits: {${deployKey}}\nservices:\n  api:\n    <<: *res\n    image: x:1.2.3\n`;
    assert.equal(findings(anchored, id).length, 0, id);
  }
});

test('memory-limit fix creates deploy.resources.limits or merges into the existing levels', () => {
  assert.equal(applyFix(svc, 'memory-limit'), svc + '    deploy:\n      resources:\n        limits:\n          memory: 512M\n');
  const partial = svc + '    deploy:\n      replicas: 1 # one\n';
  assert.equal(applyFix(partial, 'memory-limit'), partial + '      resources:\n        limits:\n          memory: 512M\n');
  const limits = `services:\n    api:\n        image: x:1.2.3\n        deploy:\n            resources:\n                limits:\n                    cpus: "1.0" # tuned\n`;
  assert.equal(applyFix(limits, 'memory-limit'), limits + '                    memory: 512M\n');
  const flow = `services:\n  api: {image: x:1.2.3, deploy: {resources: {limits: {cpus: "1"}}}} # flow\n`;
  assert.equal(applyFix(flow, 'memory-limit'), `services:\n  api: {image: x:1.2.3, deploy: {resources: {limits: {cpus: "1", memory: 512M}}}} # flow\n`);
});

test('cpu-limit fix inserts a quoted "1.0" (block and flow)', () => {
  assert.equal(applyFix(svc, 'cpu-limit'), svc + '    deploy:\n      resources:\n        limits:\n          cpus: "1.0"\n');
  const flow = `services:\n  api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'cpu-limit'), `services:\n  api: {image: x:1.2.3, deploy: {resources: {limits: {cpus: "1.0"}}}} # flow\n`);
});

test('pids-limit fix: pids_limit, or deploy limits when that map exists, or replaces -1', () => {
  assert.equal(applyFix(svc, 'pids-limit'), svc + '    pids_limit: 200\n');
  const limits = svc + '    deploy:\n      resources:\n        limits:\n          memory: 1g # big\n';
  assert.equal(applyFix(limits, 'pids-limit'), limits + '          pids: 200\n');
  assert.equal(applyFix(svc + '    pids_limit: -1 # off\n', 'pids-limit'), svc + '    pids_limit: 200 # off\n');
  const flow = `services:\n    api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'pids-limit'), `services:\n    api: {image: x:1.2.3, pids_limit: 200} # flow\n`);
});

test('logging-rotation fix: 10m/3 for apps, 50m/5 for databases and Redis; completes partial options', () => {
  assert.equal(applyFix(svc, 'logging-rotation'), svc + '    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n        max-file: "3"\n');
  const redis = `services:\n    cache:\n        image: redis:7.4.2-alpine # cache\n`;
  assert.equal(applyFix(redis, 'logging-rotation'), redis + '        logging:\n            driver: json-file\n            options:\n                max-size: 50m\n                max-file: "5"\n');
  const db = `services:\n  db: {image: "postgres:16.11-alpine3.21"} # flow\n`;
  assert.equal(applyFix(db, 'logging-rotation'), `services:\n  db: {image: "postgres:16.11-alpine3.21", logging: {driver: json-file, options: {max-size: 50m, max-file: "5"}}} # flow\n`);
  const partial = svc + '    logging:\n      driver: json-file # default\n';
  assert.equal(applyFix(partial, 'logging-rotation'), partial + '      options:\n        max-size: 10m\n        max-file: "3"\n');
  const half = svc + '    logging:\n      options:\n        max-size: 20m # bigger\n';
  assert.equal(applyFix(half, 'logging-rotation'), half + '        max-file: "3"\n');
});

test('restart-policy fix inserts restart: unless-stopped (block, flow, 4 spaces)', () => {
  assert.equal(applyFix(svc, 'restart-policy'), svc + '    restart: unless-stopped\n');
  const flow = `services:\n  api: {image: x:1.2.3} # flow\n`;
  assert.equal(applyFix(flow, 'restart-policy'), `services:\n  api: {image: x:1.2.3, restart: unless-stopped} # flow\n`);
  const four = `services:\n    api:\n        image: x:1.2.3 # pinned\n`;
  assert.equal(applyFix(four, 'restart-policy'), four + '        restart: unless-stopped\n');
});

test('fixAllText converges on services missing everything (block, 4 spaces, flow, partial deploy)', () => {
  const text = `# AI stack
services:
  api: # the app
    image: python:3.12.8-slim
  worker:
    image: python:3.12.8-slim
    deploy:
      replicas: 2 # two workers
  db: {image: "postgres:16.11-alpine3.21"} # flow
  cache:
      image: redis:7.4.2-alpine
      deploy: {resources: {limits: {cpus: "0.5"}}}
`;
  const result = assertConverged(text);
  // memory-limit and cpu-limit both create deploy: the second waits for the next pass and merges
  const doc = parseDocument(result.text).toJS();
  assert.equal(doc.services.api.deploy.resources.limits.memory, '512M');
  assert.equal(doc.services.api.deploy.resources.limits.cpus, '1.0');
  assert.equal(doc.services.worker.deploy.replicas, 2);
  assert.equal(doc.services.worker.deploy.resources.limits.cpus, '1.0');
  assert.equal(doc.services.worker.deploy.resources.limits.memory, '512M');
  // same-point inserts at different depths must not nest under each other
  for (const name of ['api', 'worker', 'db', 'cache']) assert.deepEqual(Object.keys(doc.services[name].logging), ['driver', 'options'], name);
  assert.deepEqual(Object.keys(doc.services.worker.deploy).sort(), ['replicas', 'resources']);
  assert.equal(doc.services.db.logging.options['max-size'], '50m');
  assert.equal(doc.services.cache.deploy.resources.limits.pids, 200);
  assert.equal(doc.services.cache.deploy.resources.limits.cpus, '0.5');
  assert.equal(doc.services.api.restart, 'unless-stopped');
  assert.equal(doc.services.api.read_only, true);
  assert.deepEqual(doc.services.api.security_opt, ['no-new-privileges:true']);
  assert.ok(result.applied.length >= 28, `applied ${result.applied.length}`);
});

test('fixAllText converges on the shared corpus without breaking YAML or comments', () => {
  const dir = corpusDir('compose');
  const othersOff = Object.fromEntries(allRules().filter((r) => !GROUP_A.has(r.id)).map((r) => [r.id, 'off' as const]));
  for (const name of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    if (parseDocument(text).errors.length) continue;
    // Only this group's rules run: keeps the file fast and the other group's fixes out of this test.
    assert.doesNotThrow(() => assertConverged(text, 'compose.yaml', { severities: othersOff }), name);
  }
});

test('restart-policy: info at the service key; one-shot jobs are exempt; quiet with either policy', () => {
  const [f] = findings(svc, 'restart-policy');
  assert.equal(underlined(svc, f), 'api');
  assert.equal(f.severity, 'info');
  assert.equal(findings(svc + '    restart: unless-stopped\n', 'restart-policy').length, 0);
  assert.equal(findings(svc + '    deploy:\n      restart_policy:\n        condition: on-failure\n', 'restart-policy').length, 0);
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
  const text = svc + '    restart: on-failure:10 # flaky\n';
  assert.equal(underlined(text, findings(text, 'restart-policy')[0]), 'on-failure:10');
  assert.equal(applyFix(text, 'restart-policy'), svc + '    restart: on-failure:5 # flaky\n');
  const deploy = svc + '    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 20\n';
  assert.equal(underlined(deploy, findings(deploy, 'restart-policy')[0]), '20');
  assert.equal(applyFix(deploy, 'restart-policy'), deploy.replace('20', '5'));
  assert.equal(findings(svc + '    restart: on-failure:3\n', 'restart-policy').length, 0);
});
