/**
 * Live swarm model for the Containers view: the manager's snapshot (snapshot.ts), refreshed when the
 * engine reports a service, node or container event. Swarm emits no events for tasks (a task moving
 * from starting to running, or rescheduled off a dead node, changes nothing the event stream names),
 * so while started the model also re-reads every `taskRefreshMs` (default 2 s; three list calls).
 * Refreshes never overlap: events during a read cause exactly one more read afterwards.
 */
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { readSwarm, type SwarmSnapshot } from './snapshot';

export interface SwarmModelOptions {
  docker: Docker;
  taskRefreshMs?: number;
}

export type SwarmModelState = { kind: 'idle' } | { kind: 'live' } | { kind: 'error'; message: string } | { kind: 'disposed' };

type Listener = (snapshot: SwarmSnapshot) => void;

export class SwarmModel {
  private readonly listeners = new Set<Listener>();
  private current: SwarmSnapshot | undefined;
  private events: { stream: Readable; abort: AbortController } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private _state: SwarmModelState = { kind: 'idle' };

  constructor(private readonly options: SwarmModelOptions) {}

  get snapshot(): SwarmSnapshot | undefined {
    return this.current;
  }
  private get disposed(): boolean {
    return this._state.kind === 'disposed';
  }
  get state(): SwarmModelState {
    return this._state;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads once and starts following; resolves after the first read (never rejects: see `state`). */
  async start(): Promise<void> {
    if (this._state.kind === 'disposed') return;
    await this.refresh();
    if (this.disposed) return;
    await this.follow();
    const ms = this.options.taskRefreshMs ?? 2000;
    this.timer = setInterval(() => void this.refresh(), ms);
    this.timer.unref?.();
  }

  /** Re-reads now; concurrent calls share one read and at most one follow-up read. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        try {
          const snapshot = await readSwarm(this.options.docker);
          if (this._state.kind === 'disposed') return;
          this.current = snapshot;
          this._state = { kind: 'live' };
          for (const l of [...this.listeners]) l(snapshot);
        } catch (e) {
          if (this._state.kind !== 'disposed') this._state = { kind: 'error', message: (e as Error).message };
        }
      } while (this.again && this._state.kind !== 'disposed');
    })().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Resolves with the first snapshot (this one or a later one) for which `test` holds. */
  waitFor(test: (s: SwarmSnapshot) => boolean, timeoutMs: number, what: string): Promise<SwarmSnapshot> {
    return new Promise((resolve, reject) => {
      if (this.current && test(this.current)) return resolve(this.current);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const off = this.onDidChange((s) => {
        if (!test(s)) return;
        clearTimeout(timer);
        off();
        resolve(s);
      });
    });
  }

  dispose(): void {
    this._state = { kind: 'disposed' };
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.events?.abort.abort();
    this.events?.stream.destroy();
    this.events = undefined;
    this.listeners.clear();
  }

  private async follow(): Promise<void> {
    const abort = new AbortController();
    try {
      const stream = (await this.options.docker.getEvents({
        filters: { type: ['service', 'node', 'container'] },
        abortSignal: abort.signal,
      } as Docker.GetEventsOptions)) as unknown as Readable;
      this.events = { stream, abort };
      stream.on('data', () => void this.refresh());
      // The periodic re-read goes on; a lost stream is re-opened on the next start().
      stream.on('error', () => undefined);
    } catch (e) {
      this._state = { kind: 'error', message: `cannot follow engine events: ${(e as Error).message}` };
    }
  }
}
