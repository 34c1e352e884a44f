/**
 * Keeps the server's memory near what it really holds. V8 lets garbage pile up to several times the
 * live heap before a full collection; with a large compose file every check leaves tens of MB of
 * garbage, so the process would sit at 300-500 MB while holding about 50. After a check has been
 * sent, when the heap has grown to 1.1× what survived the last full collection, a collection is
 * started — incremental and concurrent (`execution: 'async'`), so the next edit is not stalled by a
 * stop-the-world pause. No hard heap cap: a huge file must still be checkable. (At 1000 realistic
 * services a keystroke leaves ~30 MB of garbage over ~80 MB live, so 1.1× collects after every
 * keystroke: measured against 1.35×, ~40 ms more CPU per keystroke, mostly on V8's helper thread
 * (wall 0.35× a parse instead of 0.29×), for a peak RSS ~30 MB lower, 181-192 MB instead of 206-219 MB
 * on the shipped bundle. Below the floor, as any file of a few hundred services is, nothing changes.)
 *
 * The young generation stops growing at 2 × 4 MB. V8 doubles it (up to 2 × 16 MB, all of it
 * resident) whenever many objects survive a scavenge, which every check of a large file provokes;
 * kept at 2 × 4 MB (what loading the server leaves it at), the peak RSS at 1000 realistic services is
 * ~15 MB lower for a few ms more collection per keystroke. V8 reads its growth factor when it would
 * grow the space, so setting it to 1 stops the growth from then on; it is set once the space has
 * reached that size (at once in the server; a process that starts smaller grows to it first).
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

const MB = 1024 * 1024;
/** Both semi-spaces of the young generation together: no growth past this size. */
const YOUNG_GENERATION = 8 * MB;
type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/** Heap in use right after the last full collection (ours or V8's own), watched once per process. */
let survived = 0;
let fullCollections = 0;
let watching = false;
let youngGenerationFixed = false;

function watchFullCollections(): void {
  if (watching) return;
  watching = true;
  const observer = new PerformanceObserver((list) => {
    const major = list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!major) return;
    fullCollections++;
    survived = v8.getHeapStatistics().used_heap_size;
  });
  observer.observe({ entryTypes: ['gc'] });
}

export class HeapTrimmer {
  private readonly gc: Gc | undefined = exposeGc();
  private startedAt = 0;
  private collectionsAtStart = 0;

  constructor(private readonly floorBytes = 56 * MB) {
    if (this.gc) watchFullCollections();
    fixYoungGeneration();
  }

  /** Call after publishing a result. */
  afterCheck(): void {
    fixYoungGeneration();
    this.collectAbove(1.1);
  }

  /**
   * Call after a document was closed and its state released: what it held is garbage now, though the
   * heap has not grown, so collect whenever the heap is above the floor.
   */
  afterRelease(): void {
    this.collectAbove(0);
  }

  private collectAbove(ratio: number): void {
    if (!this.gc) return;
    // One collection at a time: an async one finishes while the next check runs (or give up waiting after 2 s).
    if (this.startedAt && fullCollections === this.collectionsAtStart && Date.now() - this.startedAt < 2000) return;
    this.startedAt = 0;
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < Math.max(this.floorBytes, survived * ratio)) return;
    this.startedAt = Date.now();
    this.collectionsAtStart = fullCollections;
    this.gc({ type: 'major', execution: 'async' });
  }
}

function fixYoungGeneration(): void {
  if (youngGenerationFixed) return;
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  if (young < YOUNG_GENERATION) return;
  youngGenerationFixed = true;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

function exposeGc(): Gc | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Gc) : undefined;
  } catch {
    return undefined;
  }
}
