/**
 * Live swarm model for the Containers view: the manager's snapshot (snapshot.ts), re-read when the
 * engine reports a service, node or container event that changes what the view shows (a container's
 * healthcheck runs are events too: those are ignored).
 *
 * Swarm emits no events for tasks (a task moving from starting to running, or rescheduled off a dead
 * node, changes nothing the event stream names), so the model also re-reads every `taskRefreshMs`
 * (default 2 s; three list calls) — but only while it has a reason to:
 * - someone looks at the tasks (`setWatched(true)`: the view is visible with the swarm section open);
 * - a service is settling: an update or rollback under way, or tasks not yet where the spec wants
 *   them (after a scale, a node lost). A service that stays short of its replicas with no task on
 *   the way to running and none moving (an image that cannot be pulled, no node with room) is read
 *   less and less often, down to every 16 periods;
 * - the engine did not answer (tried again with the same back-off).
 * Converged and unwatched, it makes no API call at all until the engine reports an event.
 * Refreshes never overlap: events during a read cause exactly one more read afterwards.
 */
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { serviceOutcome } from './converge';
import { readSwarm, type SwarmService, type SwarmSnapshot, type SwarmTask } from './snapshot';

export interface SwarmModelOptions {
  docker: Docker;
  taskRefreshMs?: number;
}

export type SwarmModelState = { kind: 'idle' } | { kind: 'live' } | { kind: 'error'; message: string } | { kind: 'disposed' };

type Listener = (snapshot: SwarmSnapshot) => void;

/** How much longer a stuck service's re-reads may grow apart (in periods). */
const MAX_BACKOFF = 16;
/** Container actions that change a task or its health; the rest (exec_* of healthchecks, attach, resize…) do not. */
const CONTAINER_ACTIONS = new Set(['create', 'start', 'die', 'destroy', 'oom', 'health_status']);

export class SwarmModel {
  private readonly listeners = new Set<Listener>();
  private current: SwarmSnapshot | undefined;
  private events: { stream: Readable; abort: AbortController } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private started = false;
  /** The last decision of schedule(): periodic re-reads on or off (kept during a read). */
  private periodic = false;
  private watched = false;
  /** Periods until the next re-read of a stuck service (doubles while nothing moves). */
  private backoff = 1;
  private lastMotion = '';
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
  /** True while the model re-reads periodically (it has a reason to: see the module comment). */
  get polling(): boolean {
    return this.periodic;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads once and starts following; resolves after the first read (never rejects: see `state`). */
  async start(): Promise<void> {
    if (this.disposed) return;
    this.started = true;
    await this.refresh();
    if (this.disposed) return;
    await this.follow();
  }

  /** Whether someone looks at the tasks (visible view, section open): then they are re-read periodically. */
  setWatched(watched: boolean): void {
    if (this.watched === watched) return;
    this.watched = watched;
    this.backoff = 1;
    if (watched && this.started && !this.disposed) {
      this.periodic = true;
      void this.refresh();
    } else this.schedule();
  }

  /** Re-reads now; concurrent calls share one read and at most one follow-up read. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.clearTimer();
    this.reading = (async () => {
      do {
        this.again = false;
        try {
          const snapshot = await readSwarm(this.options.docker);
          if (this.disposed) return;
          this.current = snapshot;
          this._state = { kind: 'live' };
          for (const l of [...this.listeners]) l(snapshot);
        } catch (e) {
          if (!this.disposed) this._state = { kind: 'error', message: (e as Error).message };
        }
      } while (this.again && !this.disposed);
    })().finally(() => {
      this.reading = undefined;
      this.schedule();
    });
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
    this.periodic = false;
    this.clearTimer();
    this.events?.abort.abort();
    this.events?.stream.destroy();
    this.events = undefined;
    this.listeners.clear();
  }

  /** After a read: the next periodic one, when there is a reason for it (see the module comment). A read under way decides at its end. */
  private schedule(): void {
    this.clearTimer();
    if (!this.started || this.disposed || this.reading) return;
    const ms = this.options.taskRefreshMs ?? 2000;
    const failing = this._state.kind === 'error';
    const settling = !failing && this.current ? settlingServices(this.current) : [];
    this.periodic = this.watched || failing || settling.length > 0;
    if (!this.periodic) {
      this.backoff = 1;
      return;
    }
    if (failing) {
      // An unreadable engine is tried again, less and less often, until it answers.
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
    } else if (this.watched || settling.some((s) => isUpdating(s) || s.tasks.some(isUnderWay))) {
      this.backoff = 1;
    } else {
      // Only stuck services (tasks failed, rejected or pending with no node): read less often while none of their tasks moves.
      const motion = JSON.stringify(settling.map((s) => [s.id, s.running, s.tasks.map((t) => `${t.id}:${t.state}`)]));
      this.backoff = motion === this.lastMotion ? Math.min(this.backoff * 2, MAX_BACKOFF) : 1;
      this.lastMotion = motion;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, ms * this.backoff);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async follow(): Promise<void> {
    const abort = new AbortController();
    try {
      const stream = (await this.options.docker.getEvents({
        filters: { type: ['service', 'node', 'container'] },
        abortSignal: abort.signal,
      } as Docker.GetEventsOptions)) as unknown as Readable;
      this.events = { stream, abort };
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        // One JSON object per line; a chunk may hold several or end mid-line.
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        if (lines.some(changesTheView)) void this.refresh();
      });
      // A lost stream is re-opened on the next start(); meanwhile a watched view still polls.
      stream.on('error', () => undefined);
    } catch (e) {
      this._state = { kind: 'error', message: `cannot follow engine events: ${(e as Error).message}` };
    }
  }
}

/** An event line the view must follow: any service or node event, a container's life and health (not its exec_* runs). */
export function changesTheView(line: string): boolean {
  if (!line.trim()) return false;
  let event: { Type?: string; Action?: string };
  try {
    event = JSON.parse(line) as typeof event;
  } catch {
    return true; // not understood: read rather than miss a change
  }
  if (event.Type !== 'container') return true;
  return CONTAINER_ACTIONS.has((event.Action ?? '').split(':')[0]);
}

/** Task states on the way to running (a model server loading its weights can sit in `starting` for minutes); `pending` waits for a node. */
const UNDER_WAY = new Set(['new', 'allocated', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);
function isUnderWay(t: SwarmTask): boolean {
  return t.desiredState === 'running' && UNDER_WAY.has(t.state);
}

function isUpdating(s: SwarmService): boolean {
  return s.update.state === 'updating' || s.update.state === 'rollback_started';
}

/**
 * Services still moving: an update or rollback under way, a task on its way to running (a task waits in
 * `starting` for its first healthy check, and a worker's health events never reach the manager's event
 * stream: only a re-read shows it turn healthy), or tasks not yet where the spec wants them (a paused
 * update waits for a person).
 */
export function settlingServices(snapshot: SwarmSnapshot): SwarmService[] {
  const all = [...snapshot.stacks.flatMap((st) => st.services), ...snapshot.looseServices];
  return all.filter((s) => {
    if (isUpdating(s) || s.tasks.some(isUnderWay)) return true;
    if (s.update.state === 'paused' || s.update.state === 'rollback_paused') return false;
    return serviceOutcome({ ...s, update: { state: 'none' } }, 0).kind === 'converging';
  });
}
