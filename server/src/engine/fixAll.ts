/**
 * Apply every safe fix of a file, in rounds, re-analysing between rounds, until nothing more is
 * fixable. A round takes fixes that cannot affect each other (see pickRound). Every round's result is
 * checked (it parses, it keeps every comment); a round that fails is retried one fix at a time, and a
 * fix that breaks the file on its own is dropped. So the result is always what applying the fixes one
 * after another would give, and never a file that stops parsing.
 */
import { analyze, AnalyzeOptions, fileKind } from './analysis';
import { applyEdits } from './apply';
import { damage, editsInteract, FileKind, joinPointInserts } from './edits/editModel';
import type { Finding, Fix, TextEdit } from './rule';

export interface FixAllResult {
  text: string;
  applied: { ruleId: string; title: string; line: number }[];
  remaining: Finding[];
}

const BOM = '\uFEFF';

export function fixAllText(filePath: string, text: string, options: AnalyzeOptions = {}, maxRounds = 64): FixAllResult {
  // A BOM is not part of the first key's column: fix the text without it and put it back.
  if (text.startsWith(BOM)) {
    const inner = fixAllText(filePath, text.slice(1), options, maxRounds);
    return { ...inner, text: BOM + inner.text };
  }
  const kind: FileKind | undefined = fileKind(filePath, options.composePatterns);
  const applied: FixAllResult['applied'] = [];
  const refused = new Set<string>();
  const seen = new Set<string>([text]);
  let current = text;
  for (let round = 0; round < maxRounds; round++) {
    const analysis = analyze(filePath, current, options, kind);
    if (!analysis || !kind) return { text: current, applied, remaining: analysis?.findings ?? [] };
    const fixOf = (finding: Finding): Fix | undefined => {
      if (refused.has(identity(finding))) return undefined;
      // Not checked one by one (each check parses the file): the round's result is checked below.
      const fix = analysis.fix(finding, { vet: false });
      return fix?.safe && fix.edits.length && fix.edits.every((e) => e.file === filePath) ? fix : undefined;
    };
    const round1 = pickRound(current, analysis.findings, fixOf);
    if (round1.length === 0) return { text: current, applied, remaining: analysis.findings };
    const roundEdits = joinPointInserts(round1.flatMap((c) => c.fix.edits));
    let next = applyEdits(current, roundEdits);
    let taken = round1;
    if (damage(current, next, kind, roundEdits)) {
      // Something in the round does not compose: take the first fix that is sound on its own.
      taken = [];
      for (const c of round1) {
        const alone = applyEdits(current, c.fix.edits);
        if (damage(current, alone, kind, c.fix.edits)) refused.add(identity(c.finding));
        else {
          next = alone;
          taken = [c];
          break;
        }
      }
      if (taken.length === 0) continue;
    }
    // A fix that undoes another would cycle: stop at the first repeated text.
    if (seen.has(next)) return { text: current, applied, remaining: analysis.findings };
    seen.add(next);
    for (const c of taken) applied.push({ ruleId: c.finding.ruleId, title: c.fix.title, line: lineOf(current, c.finding.range.start) });
    current = next;
  }
  return { text: current, applied, remaining: analyze(filePath, current, options, kind)?.findings ?? [] };
}

/** A finding's identity across rounds: rule, service, message (which carries the subject) and data. */
function identity(f: Finding): string {
  return JSON.stringify([f.ruleId, f.service ?? '', f.message, f.data ?? null]);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The fixes of one round, in finding order: at most one per service, its first fixable finding (a
 * service's fixes depend on each other: `pids` goes under a `deploy:` another fix just added), and none whose edits interact with
 * an edit already taken (touching, or only whitespace between, e.g. the end of the last service
 * and a new top-level key at the end of the file).
 */
function pickRound(text: string, findings: readonly Finding[], fixOf: (f: Finding) => Fix | undefined): { finding: Finding; fix: Fix }[] {
  const taken: { finding: Finding; fix: Fix }[] = [];
  const services = new Set<string>();
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const scope = finding.service ?? '';
    if (services.has(scope)) continue; // decided before computing the fix: fixes are not free
    const fix = fixOf(finding);
    if (!fix) continue;
    // A service's fixes go in finding order, as one at a time would take them: a fix that must wait
    // for the next round holds back the service's later ones (else a flow map got its keys in
    // another order than the one-at-a-time result: found by `npm run fuzz`, seed 11425).
    services.add(scope);
    if (fix.edits.some((e) => edits.some((t) => editsInteract(text, e, t)))) continue;
    taken.push({ finding, fix });
    edits.push(...fix.edits);
  }
  return taken;
}

