/**
 * Override fragments checked alone (issue 11, accuracy pattern 1): a service with no image, build
 * or extends in a lone file is a patch to a service of another file. Rules that report an absent
 * setting (`reportsAbsence`) stay quiet on it; values written in the patch are still judged; the
 * set (base + override) judges the merged service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeRules } from '../../server/src/engine/rules/compose';
import { projectFindings } from '../../server/src/engine/analyze/project';
import { loadProject } from '../../server/src/engine/project/project';
import { check, underlined } from '../support/rules';

const base = `services:
  api:
    image: example/api:1.4.2
    cap_drop: [ALL]
  db:
    image: postgres:16.4
`;

// Adds a GPU reservation and a published port to api, and a whole new service.
const override = `services:
  api:
    ports:
      - "8080:8080"
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
  metrics:
    image: example/metrics:2.0.1
`;

const ABSENCE = ['cap-drop-all', 'cpu-limit', 'memory-limit', 'pids-limit', 'logging-rotation', 'no-new-privileges', 'read-only-rootfs', 'non-root-user', 'healthcheck-required', 'restart-policy', 'service-networks'];

test('the rules that report absent settings say so in their metadata', () => {
  const flagged = composeRules.filter((r) => r.reportsAbsence).map((r) => r.id);
  for (const id of ABSENCE) assert.ok(flagged.includes(id), `${id} should be marked reportsAbsence`);
  // A rule about values written in the file is not an absence rule.
  for (const id of ['port-host-ip-required', 'no-privileged', 'image-explicit-tag']) assert.ok(!flagged.includes(id), id);
});

test('override checked alone: no absence findings on the patch, values written in it are judged', () => {
  const findings = check(override, 'compose.gpu.yml').findings;
  const onApi = findings.filter((f) => f.service === 'api');
  assert.deepEqual(onApi.filter((f) => ABSENCE.includes(f.ruleId)).map((f) => f.ruleId), []);
  // The port is written in the patch: still reported, at the port.
  const port = onApi.find((f) => f.ruleId === 'port-host-ip-required');
  assert.ok(port, 'the published port of the patch is still judged');
  assert.equal(underlined(override, port), '"8080:8080"');
  // A complete service of the same file is judged as usual.
  const metrics = new Set(findings.filter((f) => f.service === 'metrics').map((f) => f.ruleId));
  for (const id of ['cap-drop-all', 'cpu-limit', 'memory-limit', 'healthcheck-required']) assert.ok(metrics.has(id), `metrics: ${id}`);
});

test('a value written in a patch that an absence rule judges is still reported at the value', () => {
  const text = `services:\n  api:\n    privileged: true\n    cap_drop: [NET_RAW]\n`;
  const found = check(text, 'docker-compose.override.yml').findings.filter((f) => f.ruleId === 'cap-drop-all');
  assert.equal(found.length, 1);
  assert.equal(underlined(text, found[0]), 'true');
});

test('a service with image, build or extends is not a patch, in any file name', () => {
  for (const key of ['image: x/y:1.2.3', 'build: .', 'extends: { file: common.yml, service: base }']) {
    const text = `services:\n  api:\n    ${key}\n`;
    const ids = check(text, 'docker-compose.override.yml').findings.filter((f) => f.service === 'api').map((f) => f.ruleId);
    assert.ok(ids.includes('cpu-limit'), `${key}: ${ids.join(', ')}`);
  }
});

test('loaded as a set, the merged service gets the absence findings the base and patch leave open', () => {
  const files: Record<string, string> = { '/p/compose.yaml': base, '/p/compose.gpu.yml': override };
  const project = loadProject({ files: ['/p/compose.yaml', '/p/compose.gpu.yml'], read: (p) => files[p] });
  const onApi = projectFindings(project).filter((f) => f.service === 'api');
  const ids = new Set(onApi.map((f) => f.ruleId));
  for (const id of ['cpu-limit', 'memory-limit', 'pids-limit', 'read-only-rootfs', 'no-new-privileges']) assert.ok(ids.has(id), `set: api lacks ${id}`);
  // cap_drop: [ALL] is in the base file: the merged service has it.
  assert.ok(!ids.has('cap-drop-all'));
  // Absences land on the file that defines the service.
  assert.ok(onApi.filter((f) => f.ruleId === 'cpu-limit').every((f) => f.file === '/p/compose.yaml'));
});

test('no-duplicate-exported-ports leaves a patch alone when checked alone (its profiles are in the base file)', () => {
  const text = `services:\n  a-cpu:\n    ports: ["11434:11434"]\n  a-gpu:\n    ports: ["11434:11434"]\n`;
  assert.deepEqual(check(text, 'docker-compose.override.yml').findings.filter((f) => f.ruleId === 'no-duplicate-exported-ports'), []);
});
