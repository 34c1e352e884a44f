import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { allRules, AnalyzeOptions, fixAllText } from '../../../server/src/engine';
import { isolationRules } from '../../../server/src/engine/rules/compose/isolation';
import { check } from '../../support/rules';
import { corpusDir } from '../../support/corpus';

const GROUP_A = new Set(isolationRules.map((r) => r.id));

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
