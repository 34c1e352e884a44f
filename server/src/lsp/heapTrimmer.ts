/**
 * Keeps the server's memory near what it really holds. V8 lets garbage pile up to several times the
 * live heap before a full collection; with a large compose file every check leaves tens of MB of
 * garbage, so the process would sit at 300+ MB while holding about 50. After a check has been sent,
 * when the heap has grown half again past what survived the last collection, collect then (the editor is
 * not waiting for anything). No hard heap cap: a huge file must still be checkable.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

const MB = 1024 * 1024;

export class HeapTrimmer {
  private readonly gc: (() => void) | undefined = exposeGc();
  private live = 0;
  private pending = false;

  constructor(private readonly floorBytes = 64 * MB) {}

  /** Call after publishing a result. */
  afterCheck(): void {
    if (!this.gc || this.pending) return;
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < Math.max(this.floorBytes, this.live * 1.5)) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.gc!();
      this.live = v8.getHeapStatistics().used_heap_size;
    });
  }
}

function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
