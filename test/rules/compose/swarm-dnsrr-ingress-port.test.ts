import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyze, applyEdits } from '../../../server/src/engine';
import { swarmFindings, underlined } from './swarm-helpers';

const RULE = 'swarm-dnsrr-ingress-port';
const TEXT = `services:
  api:
    image: api:1.0.0
    ports:
      - "8000:8000"
      - target: 9000
        published: 9000 # metrics
    deploy:
      endpoint_mode: dnsrr
`;

test('dnsrr with ingress ports (short syntax, long without mode) is refused: each port reported', () => {
  const list = swarmFindings(TEXT, RULE);
  assert.equal(list.length, 2);
  assert.equal(underlined(TEXT, list[0]), '"8000:8000"');
  assert.match(list[0].message, /long syntax with mode: host/);
  assert.match(list[1].message, /Set mode: host/);
});

test('the fix adds mode: host to the long-syntax port (not safe) and keeps the comment', () => {
  const a = analyze('compose.yaml', TEXT, { target: 'swarm' })!;
  const long = a.findings.filter((f) => f.ruleId === RULE)[1];
  const fix = a.fix(long)!;
  assert.equal(fix.safe, false);
  const out = applyEdits(TEXT, fix.edits);
  assert.equal(parse(out).services.api.ports[1].mode, 'host');
  assert.ok(out.includes('# metrics'));
  assert.equal(swarmFindings(out, RULE).length, 1);
  assert.equal(a.fix(a.findings.filter((f) => f.ruleId === RULE)[0]), undefined, 'no fix for the short syntax');
});

test('silent on host-mode ports, on the default vip mode, and for compose', () => {
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    ports:\n      - {target: 8000, published: 8000, mode: host}\n    deploy: {endpoint_mode: dnsrr}\n', RULE), []);
  assert.deepEqual(swarmFindings('services:\n  api:\n    image: a:1\n    ports: ["8000:8000"]\n', RULE), []);
  assert.deepEqual(swarmFindings(TEXT, RULE, 'compose'), []);
});
