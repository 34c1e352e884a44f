/**
 * Cost of each compose rule on one model, in CPU time (min of several runs, so a busy machine
 * inflates it less). Shared by `bench/rules.ts` (the per-rule table) and test/perf/ruleScaling.test.ts.
 * Two models: 'project' is what the language server checks (ComposeProject: merged nodes,
 * interpolation), 'file' what the single-file CLI checks (SingleFileModel over the YAML nodes).
 */
import '../server/src/engine';
import type { ComposeContext } from '../server/src/engine/compose/context';
import { SingleFileModel } from '../server/src/engine/compose/model';
import { SourceFile } from '../server/src/engine/compose/sourceFile';
import { loadProject } from '../server/src/engine/project/project';
import { composeRules } from '../server/src/engine/rules/compose';
import { PerformanceObserver } from 'node:perf_hooks';
import { ownCpuMs } from './proc';

export type ModelKind = 'project' | 'file';

const PATH = '/bench-rules/compose.yaml';

export function contextFor(text: string, kind: ModelKind): ComposeContext {
  if (kind === 'file') {
    const file = new SourceFile(PATH, text);
    return { model: new SingleFileModel(file), file };
  }
  const project = loadProject({ files: [PATH], read: (p) => (p === PATH ? text : undefined) });
  return { model: project, file: project.mainFiles[0] };
}

export interface RuleCost {
  id: string;
  /** Minimum over the runs of the CPU ms one check of every model took. */
  ms: number;
  /** Minimum over the runs of the wall ms. */
  wall: number;
  /** Minimum over the runs of the wall ms minus the garbage-collection pauses inside it. */
  net: number;
  /** Findings of one run (all models). */
  findings: number;
}

/** Garbage-collection pauses of this thread, as [start, end] in performance.now() time (the observer reports them after the fact). */
const pauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push([e.startTime, e.startTime + e.duration]);
}).observe({ entryTypes: ['gc'] });
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Per-rule cost over the models of `texts`: each run builds fresh models (rules cache facts per
 * model, as within one check), then times each rule's check over all of them, in registry order (so
 * the lazily filled per-model caches are paid by the same rules a real check makes pay them).
 * The minimum over `runs` runs is kept: other processes can only make a run slower. Allocation-heavy
 * building of the models makes V8 collect at the same points in every run, so a collection pause of
 * the whole heap can land in the same small rule each time: `net` is the wall time without the pauses.
 * Comparing one model of 1000 services with ten of 100 puts the same work and the same heap size on
 * both sides: a linear rule costs the same, a quadratic one ten times more.
 */
export async function ruleCosts(texts: string[], kind: ModelKind, runs = 5, only?: (id: string) => boolean): Promise<RuleCost[]> {
  const rules = composeRules.filter((r) => !only || only(r.id));
  const best = new Map<string, RuleCost>();
  for (let i = 0; i < runs; i++) {
    const contexts = texts.map((t) => contextFor(t, kind));
    const windows: { id: string; start: number; end: number; cpu: number; findings: number }[] = [];
    for (const rule of rules) {
      let n = 0;
      const start = performance.now();
      const cpu = ownCpuMs(() => {
        for (const ctx of contexts) for (const _ of rule.check(ctx)) n++;
      });
      windows.push({ id: rule.id, start, end: performance.now(), cpu, findings: n });
    }
    await turn(); // let the observer deliver this run's pauses
    await turn();
    for (const w of windows) {
      const gc = pauses.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, w.end) - Math.max(a, w.start)), 0);
      const wall = w.end - w.start;
      const prev = best.get(w.id);
      best.set(w.id, { id: w.id, ms: Math.min(w.cpu, prev?.ms ?? Infinity), wall: Math.min(wall, prev?.wall ?? Infinity), net: Math.min(wall - gc, prev?.net ?? Infinity), findings: w.findings });
    }
    pauses.length = 0;
  }
  return [...best.values()];
}

/** Minimum CPU ms of building the model of `text` (parse + project load). */
export function modelCost(text: string, kind: ModelKind, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, ownCpuMs(() => contextFor(text, kind)));
  return best;
}
