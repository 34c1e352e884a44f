/** Helpers of the swarm rule tests: check with `target: swarm`, apply a fix, ask the real docker CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { analyze, applyEdits, Analysis, Finding } from '../../../server/src/engine';

export function checkSwarm(text: string, target: 'swarm' | 'compose' = 'swarm'): Analysis {
  const a = analyze('compose.yaml', text, { target });
  assert.ok(a);
  return a;
}

export function swarmFindings(text: string, ruleId: string, target: 'swarm' | 'compose' = 'swarm'): Finding[] {
  return checkSwarm(text, target).findings.filter((f) => f.ruleId === ruleId);
}

export function underlined(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

/**
 * Applies the fix of the `index`-th finding of `ruleId` (swarm target) and asserts that the result
 * parses, keeps every comment, and has one finding of the rule fewer. Returns the new text.
 */
export function applySwarmFix(text: string, ruleId: string, index = 0): string {
  const a = checkSwarm(text);
  const list = a.findings.filter((f) => f.ruleId === ruleId);
  assert.ok(list[index], `expected a ${ruleId} finding #${index}`);
  const fix = a.fix(list[index]);
  assert.ok(fix, `expected a fix for ${ruleId}`);
  const out = applyEdits(text, fix.edits);
  assert.deepEqual(parseDocument(out).errors.map((e) => e.message), [], `fix produced invalid YAML:\n${out}`);
  for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(out.includes(comment), `fix dropped the comment ${comment}:\n${out}`);
  assert.equal(swarmFindings(out, ruleId).length, list.length - 1, `fix did not remove the finding:\n${out}`);
  return out;
}

/** The docker CLI (it validates and converts stack files without an engine), or undefined. */
export const DOCKER_CLI: string | undefined = spawnSync('docker', ['stack', 'config', '--help'], { encoding: 'utf8' }).status === 0 ? 'docker' : undefined;

/** `docker stack config -c <file>`: what docker stack deploy would load (or the error it stops with). */
export function stackConfig(text: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-stack-swarm-'));
  try {
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, text);
    const r = spawnSync('docker', ['stack', 'config', '-c', file], { encoding: 'utf8', cwd: dir });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
