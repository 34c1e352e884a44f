import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyze, applyEdits } from '../../../server/src/engine';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-replicas-served';

test('an app with published ports and one replica (the default) is reported on the service', () => {
  const text = 'services:\n  web:\n    image: web:1.0.0\n    ports: ["8080:8080"]\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), 'web');
  assert.match(f.message, /served \(it publishes ports\) but runs 1 replica/);
});

test('an app other services call over HTTP, with replicas: 1 written: reported on the value; the fix (not safe) sets 2 and keeps the comment', () => {
  const text = 'services:\n  api:\n    image: api:1.0.0\n    deploy:\n      replicas: 1 # one for now\n  worker:\n    image: worker:1.0.0\n    environment:\n      API_URL: http://api:8000/v1\n';
  const [f] = swarmFindings(text, RULE);
  assert.equal(underlined(text, f), '1');
  assert.match(f.message, /"worker" calls it over HTTP/);
  const a = analyze('compose.yaml', text, { target: 'swarm' })!;
  const fix = a.fix(f)!;
  assert.equal(fix.safe, false);
  const out = applyEdits(text, fix.edits);
  assert.equal(parse(out).services.api.deploy.replicas, 2);
  assert.ok(out.includes('# one for now'));
});

test('silent with 2 replicas, in global mode, on databases, on unserved workers, and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  web:\n    image: web:1\n    ports: ["8080:8080"]\n    deploy: {replicas: 2}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  web:\n    image: web:1\n    ports: ["8080:8080"]\n    deploy: {mode: global}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  db:\n    image: postgres:16.4\n  api:\n    image: a:1\n    environment: {DATABASE_URL: "postgresql://db:5432/app"}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  worker:\n    image: w:1\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  web:\n    image: web:1\n    ports: ["8080:8080"]\n', RULE, 'compose'), []);
});
