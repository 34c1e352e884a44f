/**
 * Complexity test (not a timed target): no compose rule may cost more than linear time in the number
 * of services. On realistic files (bench/realistic.ts), each rule's CPU time over one model of 1000
 * services is compared with its time over ten models of 100 services: the same work and the same heap
 * on both sides, so a linear rule costs about the same and a quadratic one about ten times more.
 * A rule fails when one model of 1000 costs more than 3× ten models of 100, i.e. when its cost grows
 * more than 30× from 100 to 1000 services (a quadratic rule grows ~100×, a linear one ~10×; larger maps
 * and one large file cost a little more per service through memory locality alone), in CPU
 * time and in wall time without garbage-collection pauses alike (each is noisy in its own way: a
 * collection of the whole heap landing in a small rule, helper threads, waiting for a core).
 * Robust on a busy machine: the minimum of 3 runs (10 × 100) and of up to 7 (1000: a rule is
 * re-measured before it fails), and rules under 25 ms CPU at 1000 services are not judged alone (on a
 * loaded machine, helper threads and preemption move such a window by several ms; a rule that stays
 * under 25 ms at 1000 services costs under 2.5 ms at 100 even when quadratic). All rules together are
 * judged as well.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateRealistic } from '../../bench/realistic';
import { contextFor, ModelKind, ruleCosts } from '../../bench/ruleCost';
import { ownCpuMs } from '../../bench/proc';

const FACTOR = 3; // ten times the services may cost at most 30× as much (a quadratic rule costs ~100×)
const MIN_MS = 25; // under this at 1000 services a window is mostly noise on a busy machine (quadratic rules found so far: 90–30,000 ms)
const RUNS = 7;
const SMALL_RUNS = 3;
const ALL = '(all rules together)';

const BIG = [generateRealistic(1000)];
const SMALL = Array.from({ length: 10 }, (_, i) => generateRealistic(100, i + 1));

interface Ratio {
  id: string;
  small: { cpu: number; net: number };
  big: { cpu: number; net: number };
}

const over = (r: Ratio): boolean => r.big.cpu >= MIN_MS && r.big.cpu > FACTOR * r.small.cpu && r.big.net > FACTOR * r.small.net;
const far = (r: Ratio): boolean => r.big.cpu > 2 * FACTOR * r.small.cpu && r.big.net > 2 * FACTOR * r.small.net;

/**
 * The rules whose (1 × 1000 services) / (10 × 100 services) ratio is over the line in CPU time and in wall
 * time without garbage-collection pauses alike. Ten models of 100 are cheap: min of SMALL_RUNS runs. One
 * model of 1000 is measured once; only the rules over the line get more runs (a minimum can only fall),
 * until none is left or two runs stayed far over it (a real quadratic rule is slow: no need for five runs).
 */
async function overTheLine(kind: ModelKind): Promise<Ratio[]> {
  const smallCosts = await ruleCosts(SMALL, kind, SMALL_RUNS);
  const small = new Map(smallCosts.map((r) => [r.id, { cpu: r.ms, net: r.net }]));
  const ratio = (id: string, cpu: number, net: number): Ratio => ({ id, small: small.get(id)!, big: { cpu, net } });
  const bigCosts = await ruleCosts(BIG, kind, 1);
  const total = (list: { ms: number; net: number }[]) => ({ cpu: list.reduce((n, r) => n + r.ms, 0), net: list.reduce((n, r) => n + r.net, 0) });
  small.set(ALL, total(smallCosts));
  let suspects = [...bigCosts.map((r) => ratio(r.id, r.ms, r.net)), { id: ALL, small: small.get(ALL)!, big: total(bigCosts) }].filter(over);
  for (let run = 1; run < RUNS && suspects.length && (run < 2 || !suspects.every(far)); run++) {
    const ids = new Set(suspects.map((r) => r.id));
    const rerun = await ruleCosts(BIG, kind, 1, (id) => ids.has(id) || ids.has(ALL));
    const again = new Map(rerun.map((r) => [r.id, { ms: r.ms, net: r.net }]));
    if (ids.has(ALL)) again.set(ALL, { ms: total(rerun).cpu, net: total(rerun).net });
    suspects = suspects.map((r) => ratio(r.id, Math.min(r.big.cpu, again.get(r.id)!.ms), Math.min(r.big.net, again.get(r.id)!.net))).filter(over);
  }
  return suspects;
}

for (const kind of ['project', 'file'] as const) {
  describe(`rule cost grows linearly with the services (${kind} model)`, () => {
    it('every rule: 1000 services cost at most 30× what 100 cost', async () => {
      const suspects = await overTheLine(kind);
      assert.deepEqual(
        suspects.map((r) => `${r.id}: ${r.big.cpu.toFixed(1)} ms CPU (${r.big.net.toFixed(1)} ms wall without GC pauses) for 1 × 1000 services vs ${r.small.cpu.toFixed(1)} ms CPU (${r.small.net.toFixed(1)} ms) for 10 × 100: ${((r.big.cpu / r.small.cpu) * 10).toFixed(0)}× the CPU for 10× the services`),
        [],
      );
    });

    it('building the model: 1000 services cost at most 30× what 100 cost', () => {
      const measure = (texts: string[]): number => {
        let best = Infinity;
        for (let i = 0; i < RUNS; i++) best = Math.min(best, ownCpuMs(() => texts.forEach((t) => contextFor(t, kind))));
        return best;
      };
      let ratio = Infinity;
      let figures = '';
      for (let attempt = 0; attempt < 3 && ratio > FACTOR; attempt++) {
        const [s, b] = [measure(SMALL), measure(BIG)];
        ratio = b / s;
        figures = `${b.toFixed(1)} ms for 1 × 1000 services vs ${s.toFixed(1)} ms for 10 × 100`;
      }
      assert.ok(ratio <= FACTOR, figures);
    });
  });
}
