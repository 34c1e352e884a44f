// Live model of the engine's containers, independent of VS Code. One list sync at connect, then the
// events stream updates only the container an event names (at most one inspect per event, none for
// health_status or destroy). No timers while connected: the only timer is the reconnect backoff.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { createDocker, type ResolvedEngine } from './connection';
import {
  groupContainers,
  health,
  isRunningLike,
  itemFromInspect,
  itemFromSummary,
  type ContainerItem,
  type Health,
  type ProjectGroup,
  type StandaloneGroup,
} from './containerItem';
import { EventLineParser } from './eventLines';
import { GpuMemoryReader } from './gpu';
import {
  containerInspectSchema,
  containerListSchema,
  containerStatsSchema,
  parseAnswer,
  type ContainerEvent,
  type ContainerInspect,
  type ContainerStats,
} from './schemas';

export const WATCHED_EVENTS = [
  'create', 'start', 'die', 'stop', 'destroy', 'health_status', 'oom', 'restart', 'pause', 'unpause', 'rename',
] as const;

export type ModelState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'unreachable'; reason: string; message: string; nextRetryMs?: number }
  | { kind: 'disposed' };

export interface ModelChange {
  /** Everything may have changed (sync, connection state). */
  all: boolean;
  /** Containers whose item changed (added or updated). */
  updated: string[];
  removed: string[];
  /** True when a container was added, removed or moved to another group: parents must be rebuilt. */
  structural: boolean;
}

export interface ApiCounters {
  list: number;
  inspect: number;
  inspectById: Map<string, number>;
  stats: number;
  ping: number;
  /** Event streams opened. */
  eventStreams: number;
  /** Event streams currently open (must be 0 after dispose, at most 1 otherwise). */
  openStreams: number;
  eventsReceived: number;
  badEvents: number;
}

export interface ModelOptions {
  engine: ResolvedEngine;
  /** Injected client (tests); otherwise created from `engine`. */
  docker?: Docker;
  /** Only containers with these labels (`key` or `key=value`), e.g. one project. */
  labels?: string[];
  backoff?: { initialMs: number; maxMs: number };
  /** Stats older than this are fetched again when asked for (they change without events). */
  statsMaxAgeMs?: number;
  /** Bad event lines and other non-fatal problems. */
  onWarning?: (message: string) => void;
  /** GPU memory per container (nvidia-smi); injected in tests. */
  gpuMemory?: GpuMemoryReader;
}

export interface ContainerDetails {
  inspect: ContainerInspect;
  /** The unvalidated answer, for the read-only JSON view. */
  raw: unknown;
}

type Listener = (change: ModelChange) => void;

export class ContainerModel {
  readonly counters: ApiCounters = {
    list: 0, inspect: 0, inspectById: new Map(), stats: 0, ping: 0, eventStreams: 0, openStreams: 0, eventsReceived: 0, badEvents: 0,
  };
  private readonly items = new Map<string, ContainerItem>();
  private readonly detailsCache = new Map<string, Promise<ContainerDetails>>();
  private readonly statsCache = new Map<string, { at: number; value: Promise<ContainerStats> }>();
  private readonly gpuMemory: GpuMemoryReader;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inspectQueued = new Set<string>();
  /** Containers the engine reported an 'oom' event for since their last start. dockerd can record the
   * exit before the OOM notification and then inspect says OOMKilled: false for a container the kernel
   * did kill; the event is the more reliable witness. */
  private readonly oomSeen = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private docker: Docker | undefined;
  private stream: { readable: Readable; abort: AbortController; closed: Promise<void> } | undefined;
  private pendingEvents: ContainerEvent[] | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private generation = 0;
  private _state: ModelState = { kind: 'connecting' };

  constructor(private readonly options: ModelOptions) {
    this.gpuMemory = options.gpuMemory ?? new GpuMemoryReader();
  }

  get state(): ModelState {
    return this._state;
  }
  get engine(): ResolvedEngine {
    return this.options.engine;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and syncs; never rejects (failures become the "unreachable" state and a retry). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Reconnect now (the view's Retry), resetting the backoff. */
  retry(): Promise<void> {
    if (this._state.kind === 'disposed') return Promise.resolve();
    this.attempt = 0;
    this.clearRetry();
    return this.connect();
  }

  /** Full resync from the list API (the view's Refresh). */
  async refresh(): Promise<void> {
    if (this._state.kind !== 'connected') return this.retry();
    try {
      await this.fullSync(this.generation);
    } catch (e) {
      this.lost(this.generation, e);
    }
  }

  async dispose(): Promise<void> {
    this.generation++;
    this.clearRetry();
    const closing = this.stream?.closed;
    this.closeStream();
    await closing;
    this._state = { kind: 'disposed' };
    this.listeners.clear();
    await Promise.allSettled([...this.queues.values()]);
  }

  containers(): ContainerItem[] {
    return [...this.items.values()];
  }
  get(id: string): ContainerItem | undefined {
    return this.items.get(id);
  }
  groups(): { projects: ProjectGroup[]; standalone: StandaloneGroup } {
    return groupContainers(this.items.values());
  }
  countHealth(h: Health): number {
    let n = 0;
    for (const item of this.items.values()) if (item.health === h && isRunningLike(item.state)) n++;
    return n;
  }

  /** Inspect, on demand, cached until an event about this container arrives. */
  details(id: string): Promise<ContainerDetails> {
    let cached = this.detailsCache.get(id);
    if (!cached) {
      cached = this.inspect(id);
      this.detailsCache.set(id, cached);
      cached.then((d) => this.noteGpu(id, d.inspect), () => this.detailsCache.delete(id));
    }
    return cached;
  }

  /** One-shot stats, on demand, cached until an event or statsMaxAgeMs. */
  stats(id: string): Promise<ContainerStats> {
    const maxAge = this.options.statsMaxAgeMs ?? 10_000;
    const cached = this.statsCache.get(id);
    if (cached && Date.now() - cached.at < maxAge) return cached.value;
    const value = this.fetchStats(id);
    this.statsCache.set(id, { at: Date.now(), value });
    value.catch(() => this.statsCache.delete(id));
    return value;
  }

  /** The dockerode client for actions (start/stop/logs/exec); undefined until connected once. */
  client(): Docker | undefined {
    return this.docker;
  }

  // ---- connection ----

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.closeStream();
    this.setState({ kind: 'connecting' });
    try {
      this.docker ??= this.options.docker ?? createDocker(this.options.engine);
      this.counters.ping++;
      await (this.docker.ping as (o: { abortSignal: AbortSignal }) => Promise<unknown>).call(this.docker, {
        abortSignal: AbortSignal.timeout(10_000),
      });
      if (gen !== this.generation) return;
      // Open the stream before listing, and hold its events until the list is in, so that nothing
      // that happens in between is lost or applied to a list that does not have it yet.
      this.pendingEvents = [];
      await this.openStream(gen);
      await this.fullSync(gen);
      if (gen !== this.generation) return;
      const held = this.pendingEvents ?? [];
      this.pendingEvents = undefined;
      this.attempt = 0;
      this.setState({ kind: 'connected' });
      for (const e of held) this.handleEvent(e, gen);
    } catch (e) {
      this.pendingEvents = undefined;
      this.lost(gen, e);
    }
  }

  private lost(gen: number, error: unknown): void {
    if (gen !== this.generation || this._state.kind === 'disposed') return;
    this.generation++;
    this.pendingEvents = undefined;
    this.closeStream();
    const reason = describeError(error);
    const delay = Math.min(this.options.backoff?.maxMs ?? 30_000, (this.options.backoff?.initialMs ?? 500) * 2 ** this.attempt);
    this.attempt++;
    this.items.clear();
    this.detailsCache.clear();
    this.statsCache.clear();
    this.setState({
      kind: 'unreachable',
      reason,
      message: `Docker is not reachable at ${this.options.engine.host}: ${reason}`,
      nextRetryMs: delay,
    });
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async openStream(gen: number): Promise<void> {
    const abort = new AbortController();
    const filters: Record<string, string[]> = { type: ['container'], event: [...WATCHED_EVENTS] };
    if (this.options.labels?.length) filters.label = this.options.labels;
    this.counters.eventStreams++;
    const readable = (await this.docker!.getEvents({ filters, abortSignal: abort.signal })) as unknown as Readable;
    if (gen !== this.generation) {
      readable.destroy();
      return;
    }
    let markClosed!: () => void;
    const closedPromise = new Promise<void>((resolve) => (markClosed = resolve));
    this.stream = { readable, abort, closed: closedPromise };
    this.counters.openStreams++;
    const parser = new EventLineParser(
      (e) => this.onStreamEvent(e, gen),
      (message) => {
        this.counters.badEvents++;
        this.options.onWarning?.(message);
      },
    );
    let closed = false;
    const onClosed = (why: unknown) => {
      if (closed) return;
      closed = true;
      this.counters.openStreams--;
      markClosed();
      this.lost(gen, why);
    };
    readable.on('data', (chunk: Buffer) => parser.push(chunk));
    readable.on('error', (e) => onClosed(e));
    readable.on('end', () => onClosed(new Error('the event stream ended')));
    readable.on('close', () => onClosed(new Error('the event stream closed')));
  }

  private closeStream(): void {
    const s = this.stream;
    this.stream = undefined;
    if (!s) return;
    s.abort.abort();
    s.readable.destroy();
  }

  // ---- sync ----

  private listFilters(extra: Record<string, string[]> = {}): string {
    const filters: Record<string, string[]> = { ...extra };
    if (this.options.labels?.length) filters.label = this.options.labels;
    return JSON.stringify(filters);
  }

  private async list(extra?: Record<string, string[]>) {
    this.counters.list++;
    const raw = await this.docker!.listContainers({ all: true, filters: this.listFilters(extra) });
    return parseAnswer(containerListSchema, raw, 'container list');
  }

  /** The list API carries no health field (before API 1.52), so health comes from three filtered lists
   * instead of parsing the human status text; exit codes and OOM kills come from inspecting the few
   * containers that are not running. Filtered lists are cheap for the engine (it serializes only the
   * matches), so they and the inspects run while the expensive full list is still on its way. */
  private async fullSync(gen: number): Promise<void> {
    const stoppedDetails = this.list({ status: ['exited', 'dead'] }).then(async (stopped) => {
      const found = new Map<string, ContainerDetails>();
      await forEachLimited(stopped, 8, async (s) => {
        try {
          found.set(s.Id, await this.inspect(s.Id));
        } catch {
          // Removed between list and inspect, or an odd answer: keep the list's view of it.
        }
      });
      return found;
    });
    const [all, healthy, unhealthy, starting, inspected] = await Promise.all([
      this.list(),
      this.list({ health: ['healthy'] }),
      this.list({ health: ['unhealthy'] }),
      this.list({ health: ['starting'] }),
      stoppedDetails,
      this.replayOomKills(),
    ]);
    if (gen !== this.generation) return;
    const healthOf = new Map<string, Health>();
    for (const c of healthy) healthOf.set(c.Id, 'healthy');
    for (const c of unhealthy) healthOf.set(c.Id, 'unhealthy');
    for (const c of starting) healthOf.set(c.Id, 'starting');
    this.items.clear();
    for (const s of all) {
      const d = inspected.get(s.Id);
      if (d) this.detailsCache.set(s.Id, Promise.resolve(d));
      this.items.set(s.Id, d ? this.fromInspect(d.inspect) : itemFromSummary(s, healthOf.get(s.Id) ?? 'none'));
    }
    this.emit({ all: true, updated: [], removed: [], structural: true });
  }

  // ---- events ----

  private onStreamEvent(e: ContainerEvent, gen: number): void {
    this.counters.eventsReceived++;
    if (this.pendingEvents) this.pendingEvents.push(e);
    else this.handleEvent(e, gen);
  }

  private handleEvent(e: ContainerEvent, gen: number): void {
    if (gen !== this.generation) return;
    const id = e.Actor.ID;
    const [action, detail] = splitAction(e.Action);
    this.detailsCache.delete(id);
    this.statsCache.delete(id);
    this.noteOom(action, id);
    if (action === 'destroy') {
      this.enqueue(id, async () => {
        if (this.items.delete(id)) this.emit({ all: false, updated: [], removed: [id], structural: true });
      });
      return;
    }
    const known = this.items.get(id);
    if (action === 'health_status' && known && detail) {
      // The event carries the new status: no API call needed.
      this.enqueue(id, async () => {
        const current = this.items.get(id);
        if (!current) return;
        this.items.set(id, { ...current, health: health(detail) });
        this.emit({ all: false, updated: [id], removed: [], structural: false });
      });
      return;
    }
    // Coalesce: an inspect already waiting in this container's queue will see this event's effect too.
    if (this.inspectQueued.has(id)) return;
    this.inspectQueued.add(id);
    this.enqueue(id, async () => {
      this.inspectQueued.delete(id);
      if (gen !== this.generation) return;
      let d: ContainerDetails;
      try {
        d = await this.inspect(id);
      } catch (err) {
        if (isNotFound(err)) {
          if (this.items.delete(id)) this.emit({ all: false, updated: [], removed: [id], structural: true });
        } else {
          this.options.onWarning?.(`Inspecting container ${id.slice(0, 12)} failed: ${describeError(err)}`);
        }
        return;
      }
      if (gen !== this.generation) return;
      const before = this.items.get(id);
      const item = this.fromInspect(d.inspect);
      this.items.set(id, item);
      this.detailsCache.set(id, Promise.resolve(d));
      const structural = !before || before.project !== item.project || before.service !== item.service || before.name !== item.name;
      this.emit({ all: false, updated: [id], removed: [], structural });
    });
  }

  private noteOom(action: string, id: string): void {
    if (action === 'oom') this.oomSeen.add(id);
    else if (action === 'start' || action === 'destroy') this.oomSeen.delete(id);
  }

  private fromInspect(c: ContainerInspect): ContainerItem {
    const item = itemFromInspect(c);
    const stopped = item.state === 'exited' || item.state === 'dead';
    return !item.oomKilled && stopped && this.oomSeen.has(item.id) ? { ...item, oomKilled: true } : item;
  }

  /** Reads the engine's recent event log (it keeps the last few hundred events) for OOM kills that
   * happened before we connected. Best effort: an engine that does not answer in time changes nothing. */
  private async replayOomKills(): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5_000);
    try {
      const filters = { type: ['container' as const], event: ['oom', 'start', 'destroy'] };
      const readable = (await this.docker!.getEvents({ since: now - 7 * 86_400, until: now, filters, abortSignal: abort.signal })) as unknown as Readable;
      const parser = new EventLineParser((e) => this.noteOom(splitAction(e.Action)[0], e.Actor.ID), () => undefined);
      for await (const chunk of readable) parser.push(chunk as Buffer);
    } catch {
      // Replay is only a refinement of what inspect says.
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs tasks of one container in order, so a slow inspect cannot overwrite a newer one. */
  private enqueue(id: string, task: () => Promise<void>): void {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(task).catch((e) => this.options.onWarning?.(describeError(e)));
    this.queues.set(id, next);
    void next.then(() => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    });
  }

  // ---- API calls (counted) ----

  private async inspect(id: string): Promise<ContainerDetails> {
    if (!this.docker) throw new Error('not connected');
    this.counters.inspect++;
    this.counters.inspectById.set(id, (this.counters.inspectById.get(id) ?? 0) + 1);
    const raw: unknown = await this.docker.getContainer(id).inspect();
    return { inspect: parseAnswer(containerInspectSchema, raw, `inspect answer for ${id.slice(0, 12)}`), raw };
  }

  private async fetchStats(id: string): Promise<ContainerStats> {
    if (!this.docker) throw new Error('not connected');
    this.counters.stats++;
    const raw: unknown = await this.docker.getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false });
    const stats = parseAnswer(containerStatsSchema, raw, `stats answer for ${id.slice(0, 12)}`);
    // Only where nvidia-smi exists (asked once; then never again): containers with GPU processes are in its answer.
    if (this.gpuMemory.available) {
      const used = (await this.gpuMemoryUse())?.get(id);
      if (used !== undefined) stats.gpuMemoryBytes = used;
    }
    return stats;
  }

  /** A container listed at sync (no inspect) shows its GPUs once its details are read. */
  private noteGpu(id: string, inspect: ContainerInspect): void {
    const item = this.items.get(id);
    if (!item || item.gpu) return;
    const gpu = itemFromInspect(inspect).gpu;
    if (!gpu) return;
    this.items.set(id, { ...item, gpu });
    this.emit({ all: false, updated: [id], removed: [], structural: false });
  }

  private gpuMemoryCache?: { at: number; value: Promise<Map<string, number> | undefined> };

  /** nvidia-smi's per-container GPU memory, one query shared by every tooltip within statsMaxAgeMs. */
  private gpuMemoryUse(): Promise<Map<string, number> | undefined> {
    const maxAge = this.options.statsMaxAgeMs ?? 10_000;
    if (this.gpuMemoryCache && Date.now() - this.gpuMemoryCache.at < maxAge) return this.gpuMemoryCache.value;
    const value = this.gpuMemory.read().catch(() => undefined);
    this.gpuMemoryCache = { at: Date.now(), value };
    return value;
  }

  private setState(state: ModelState): void {
    if (this._state.kind === 'disposed') return;
    this._state = state;
    this.emit({ all: true, updated: [], removed: [], structural: true });
  }

  private emit(change: ModelChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.options.onWarning?.(`A container view listener failed: ${describeError(e)}`);
      }
    }
  }
}

function splitAction(action: string): [string, string | undefined] {
  const i = action.indexOf(':');
  return i < 0 ? [action, undefined] : [action.slice(0, i), action.slice(i + 1).trim()];
}

function isNotFound(e: unknown): boolean {
  return (e as { statusCode?: number })?.statusCode === 404;
}

/** A short reason for the unreachable message, without stack traces or request bodies. */
export function describeError(e: unknown): string {
  const err = e as { code?: string; message?: string; statusCode?: number; reason?: string };
  switch (err?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the Docker daemon running?)';
    case 'ENOENT':
      return 'the socket does not exist (is the Docker daemon running?)';
    case 'EACCES':
      return 'permission denied on the socket (is your user in the docker group?)';
    case 'ETIMEDOUT':
    case 'ABORT_ERR':
      return 'the engine did not answer in time';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was closed by the engine';
    case 'ENOTFOUND':
      return 'the host name does not resolve';
  }
  if (err?.statusCode) return `the engine answered ${err.statusCode}${err.reason ? ` (${err.reason})` : ''}`;
  return err?.message?.split('\n')[0] || String(e);
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
