/**
 * Parity with the real tool: `docker-compose config` (1.29) is the oracle for how files merge and
 * interpolate. Every corpus file it accepts, and our multi-file fixtures, must give the same
 * effective services (image, ports, environment, volumes, depends_on, healthcheck, deploy).
 * Results and the features 1.29 cannot judge are written up in docs/parity.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compareAll, ParityCase } from './parityLib';
import { fixtureProject, FIXTURES } from './support';
import { projectFindings } from '../../server/src/engine/analyze/project';
import { corpusDir } from '../support/corpus';

const CORPUS = corpusDir('compose');

/** Mismatches accepted on purpose: "file|service|field" → why (mirrored in docs/parity.md). */
const ACCEPTED: Record<string, string> = {};

function available(): boolean {
  try {
    execFileSync('docker-compose', ['version', '--short'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const hasTool = available();
const skip = hasTool ? false : 'docker-compose (1.29) is not installed: parity not checked';
if (!hasTool && process.env.CI) throw new Error('docker-compose is required for the parity tests in CI');

function fixtureCase(name: string, dir: string, files: string[], envFile?: string): ParityCase {
  const base = path.join(FIXTURES, dir);
  return { name, files: files.map((f) => path.join(base, f)), projectDirectory: base, envFile: envFile && path.join(base, envFile) };
}

test('corpus: every file docker-compose 1.29 accepts gives the same effective services', { skip, timeout: 180000 }, async (t) => {
  if (!existsSync(CORPUS)) return t.skip(`corpus not found at ${CORPUS}`);
  const cases = readdirSync(CORPUS)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ name: f, files: [path.join(CORPUS, f)], projectDirectory: CORPUS }));
  const results = await compareAll(cases);
  const accepted = results.filter((r) => r.accepted);
  const unexplained = accepted.flatMap((r) => r.mismatches.filter((m) => !ACCEPTED[`${r.case.name}|${m.service}|${m.field}`]).map((m) => ({ file: r.case.name, ...m })));
  const matching = accepted.filter((r) => r.mismatches.every((m) => ACCEPTED[`${r.case.name}|${m.service}|${m.field}`]));
  t.diagnostic(`docker-compose 1.29 accepts ${accepted.length}/${results.length} corpus files; ${matching.length}/${accepted.length} match field for field (${accepted.reduce((n, r) => n + r.compared, 0)} service fields compared)`);
  assert.ok(accepted.length >= 10, `too few corpus files accepted (${accepted.length}): is docker-compose working?`);
  assert.deepEqual(unexplained, []);
});

test('fixtures: overrides, a prod set and an extends chain match docker-compose config', { skip, timeout: 60000 }, async () => {
  const results = await compareAll([
    fixtureCase('base+override', 'override', ['compose.yaml', 'compose.override.yaml']),
    fixtureCase('base+override+prod', 'override', ['compose.yaml', 'compose.override.yaml', 'compose.prod.yaml']),
    fixtureCase('base+prod', 'override', ['compose.yaml', 'compose.prod.yaml']),
    fixtureCase('extends', 'extends', ['compose.yaml']),
    fixtureCase('interpolation (--env-file)', 'interpolation', ['compose.yaml'], 'complete.env'),
  ]);
  for (const r of results) {
    assert.ok(r.accepted, `${r.case.name}: docker-compose rejected it: ${r.rejection}`);
    assert.deepEqual(r.mismatches, [], `${r.case.name} differs from docker-compose config`);
    assert.ok(r.compared >= 7);
  }
});

test('fixtures: where docker-compose fails on a missing required variable, we report env-required-missing', { skip, timeout: 60000 }, async () => {
  const [r] = await compareAll([fixtureCase('interpolation', 'interpolation', ['compose.yaml'])]);
  assert.equal(r.accepted, false);
  assert.match(r.rejection ?? '', /DB_PASSWORD/);
  const ours = projectFindings(fixtureProject('interpolation', ['compose.yaml'])).filter((f) => f.ruleId === 'env-required-missing');
  assert.deepEqual(ours.map((f) => f.data?.name), ['DB_PASSWORD']);
});

test('fixtures: include and !reset/!override are newer than 1.29 (it rejects them; see docs/parity.md)', { skip, timeout: 60000 }, async () => {
  const results = await compareAll([fixtureCase('include', 'include', ['compose.yaml']), fixtureCase('reset', 'reset', ['compose.yaml', 'compose.override.yaml'])]);
  assert.match(results[0].rejection ?? '', /include/);
  assert.match(results[1].rejection ?? '', /!reset/);
});
