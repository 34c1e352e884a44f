// Rules that compare services remember each service's facts by its merged value and, on a keystroke,
// derive them again for the edited service only. These helpers type edits into a file the way the
// editor does (one workspace, in-place re-parse) and check after each one that the rule's findings
// are those of a fresh analysis of the same text.
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/engine';
import { ProjectWorkspace } from '../../../server/src/engine/analyze/workspace';

const FILE = '/keystroke/compose.yaml';

function described(findings: readonly Finding[], ruleId: string): string[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => JSON.stringify([f.range.start, f.range.end, f.message, f.service ?? null, f.related ?? null, f.data ?? null]))
    .sort();
}

/**
 * Applies each edit (the first occurrence of `from` becomes `to`) in turn and returns, per step, the
 * rule's findings as the keystroke gave them; each must equal a fresh analysis, and every other
 * service must have kept its merged value (else the incremental path was not exercised).
 */
export function typed(text: string, ruleId: string, edits: [from: string, to: string][]): Finding[][] {
  let current = text;
  const ws = new ProjectWorkspace((p) => (p === FILE ? current : undefined));
  const steps = [ws.analyze(FILE, {}).findings.filter((f) => f.ruleId === ruleId)];
  let before = ws.projectsFor(FILE)[0];
  for (const [from, to] of edits) {
    const at = current.indexOf(from);
    assert.ok(at >= 0, `edit target ${JSON.stringify(from)} is in the text`);
    current = current.slice(0, at) + to + current.slice(at + from.length);
    ws.changed(FILE);
    const [project] = ws.projectsFor(FILE);
    const kept = project.services.filter((s) => before.service(s.name)?.merged === s.merged).length;
    assert.equal(kept, project.services.length - 1, `the edit ${JSON.stringify(from)} → ${JSON.stringify(to)} is a keystroke inside one service: the others keep their values`);
    before = project;
    const incremental = ws.analyze(FILE, {}).findings;
    const fresh = new ProjectWorkspace((p) => (p === FILE ? current : undefined)).analyze(FILE, {}).findings;
    assert.deepEqual(described(incremental, ruleId), described(fresh, ruleId), `after ${JSON.stringify(from)} → ${JSON.stringify(to)}`);
    steps.push(incremental.filter((f) => f.ruleId === ruleId));
  }
  return steps;
}
