// The swarm target over every compose file of the shared corpus (third-party, read-only): no rule
// crashes, targets keep the two rule sets apart, every fix offered applies cleanly, and the
// "docker stack deploy refuses" rules agree with the real docker CLI (`docker stack config`, which
// loads and validates a stack file without an engine) in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { analyze, applyEdits, Finding } from '../../server/src/engine';
import { COMPOSE_ONLY_RULES } from '../../server/src/engine/rules/compose/swarm';
import { corpusDir } from '../support/corpus';
import { DOCKER_CLI, stackConfig } from '../rules/compose/swarm-helpers';

const files = fs.readdirSync(corpusDir('compose')).map((f) => path.join(corpusDir('compose'), f));

/** Rules that say the deploy is refused, and the docker CLI errors each one explains. */
const REFUSALS: [RegExp, string][] = [
  [/depends_on must be a list/, 'swarm-depends-on-conditions'],
  [/reservations Additional property devices is not allowed|Additional property gpus is not allowed/, 'swarm-gpu-device-reservation'],
  [/host_ip/, 'swarm-port-host-ip'],
  [/Additional property \S+ is not allowed|must be a string|unsupported Compose file version|forbidden properties/, 'swarm-key-rejected'],
];
const REFUSING_RULES = new Set(REFUSALS.map(([, id]) => id));

function swarmAnalysis(file: string) {
  const a = analyze(file, fs.readFileSync(file, 'utf8'), { target: 'swarm' }, 'compose');
  assert.ok(a, file);
  return a;
}

test('the corpus is there', () => {
  assert.ok(files.length >= 40, `${files.length} corpus files`);
});

test('every corpus file: no rule fails, swarm and compose rule sets stay apart, every fix applies and keeps the file valid', () => {
  let swarmFindings = 0;
  for (const file of files) {
    const a = swarmAnalysis(file);
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], file);
    assert.deepEqual(a.findings.filter((f) => f.ruleId in COMPOSE_ONLY_RULES).map((f) => f.ruleId), [], `${file}: compose-only rules ran for swarm`);
    const compose = analyze(file, a.text, { target: 'compose' }, 'compose')!;
    assert.deepEqual(compose.findings.filter((f) => f.ruleId.startsWith('swarm-')).map((f) => f.ruleId), [], `${file}: swarm rules ran for compose`);
    for (const f of a.findings.filter((x) => x.ruleId.startsWith('swarm-'))) {
      swarmFindings++;
      assert.ok(f.range.start >= 0 && f.range.end <= a.text.length && f.range.start <= f.range.end, `${file}: ${f.ruleId} range`);
      const fix = a.fix(f);
      if (!fix) continue;
      const out = applyEdits(a.text, fix.edits);
      assert.equal(parseDocument(out, { uniqueKeys: true }).errors.length, 0, `${file}: ${f.ruleId} fix "${fix.title}" breaks the file`);
    }
  }
  assert.ok(swarmFindings > 100, `swarm rules found ${swarmFindings} problems in the corpus`);
});

test('"docker stack deploy refuses" findings agree with docker stack config on every corpus file', { skip: !DOCKER_CLI && 'no docker CLI' }, () => {
  let compared = 0;
  for (const file of files) {
    const a = swarmAnalysis(file);
    const refusing = a.findings.filter((f: Finding) => REFUSING_RULES.has(f.ruleId) && f.severity === 'error');
    const docker = stackConfig(a.text);
    const error = docker.output.split('\n').find((l) => l.trim() && !/level=warning/.test(l)) ?? '';
    if (docker.ok) {
      compared++;
      assert.deepEqual(refusing.map((f) => `${f.ruleId}: ${f.message}`), [], `${path.basename(file)}: docker stack config loads it, yet we say it is refused`);
      continue;
    }
    const explained = REFUSALS.find(([re]) => re.test(error));
    // Failures about the environment (.env missing, unset variables) are not the file's keys.
    if (!explained) continue;
    compared++;
    assert.ok(refusing.some((f) => f.ruleId === explained[1]), `${path.basename(file)}: docker says "${error.trim()}", we report ${refusing.map((f) => f.ruleId).join(', ') || 'nothing refused'}`);
  }
  assert.ok(compared >= 30, `${compared} corpus files compared with docker stack config`);
});
