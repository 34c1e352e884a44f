import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyze, applyEdits } from '../../../server/src/engine';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-stateful-placement';
const TEXT = `services:
  db:
    image: postgres:16.4
    volumes:
      - db_data:/var/lib/postgresql/data # the data
volumes:
  db_data: {}
`;

test('a database with a named volume and no node constraint is reported; the fix (not safe: label the node) pins it', () => {
  const [f] = swarmFindings(TEXT, RULE);
  assert.equal(underlined(TEXT, f), 'db');
  assert.match(f.message, /volume "db_data" on one node.*node\.labels\.db_data == true/);
  const a = analyze('compose.yaml', TEXT, { target: 'swarm' })!;
  const fix = a.fix(f)!;
  assert.equal(fix.safe, false);
  const out = applyEdits(TEXT, fix.edits);
  assert.deepEqual(parse(out).services.db.deploy.placement.constraints, ['node.labels.db_data == true']);
  assert.ok(out.includes('# the data'));
  assert.deepEqual(swarmFindings(out, RULE), []);
});

test('a model server with a model cache volume is stateful too', () => {
  const text = 'services:\n  ollama:\n    image: ollama/ollama:0.3.12\n    volumes: [models:/root/.ollama]\nvolumes:\n  models: {}\n';
  assert.equal(swarmFindings(text, RULE).length, 1);
});

test('silent when constrained to a node, for stateless apps, and for compose', () => {
  assert.deepEqual(swarmFindings(TEXT.replace('    volumes:', '    deploy:\n      placement:\n        constraints: ["node.hostname == db-1"]\n    volumes:'), RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: api:1.0.0\n    volumes: [uploads:/srv/tmp]\nvolumes:\n  uploads: {}\n', RULE), []);
  assert.deepEqual(swarmFindings(TEXT, RULE, 'compose'), []);
});
