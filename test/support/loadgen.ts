/**
 * A bounded loopback load generator: `concurrency` keep-alive clients, each sending GET `path`
 * one after the other, until stop() or until `maxRequests` / `maxMs` (whichever first). Only
 * 127.0.0.1 is allowed. A request fails on a connection error, a timeout or a status other than 200.
 *
 * Like browsers, Go's net/http and urllib3, the client retries a GET once when the server closed
 * the connection before sending any byte of the answer (RFC 9112 §9.3.1 allows it for idempotent
 * requests): on every reload nginx closes the connections its old workers hold idle, keep-alive
 * ones (Node: `request.reusedSocket`) and just-accepted ones, and a request already on its way
 * there gets a reset. The retry goes on a new connection. Such retries are counted in `retried`, never hidden; a second reset, a
 * timeout, any other error or any status but 200 is a failure.
 */
import http from 'node:http';

export interface LoadOptions {
  port: number;
  path?: string;
  concurrency?: number;
  maxRequests?: number;
  maxMs?: number;
  /** Per request. */
  timeoutMs?: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  /** Requests sent again after a reused keep-alive connection was closed before any answer. */
  retried: number;
  failed: number;
  /** First few failures: "ECONNRESET", "status 502", … with counts. */
  failures: Record<string, number>;
  /** Responses per X-App-Version header. */
  versions: Record<string, number>;
  durationMs: number;
  /** Why it stopped: "stopped", "maxRequests", "maxMs". */
  reason: string;
}

export interface Load {
  stop(): Promise<LoadResult>;
  /** Resolves once `n` responses have arrived (or the run ended). */
  warmedUp(n: number): Promise<void>;
  snapshot(): LoadResult;
}

export function startLoad(options: LoadOptions): Load {
  const concurrency = options.concurrency ?? 8;
  const maxRequests = options.maxRequests ?? 200_000;
  const maxMs = options.maxMs ?? 180_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = Date.now();
  const r: LoadResult = { sent: 0, ok: 0, retried: 0, failed: 0, failures: {}, versions: {}, durationMs: 0, reason: '' };
  let stopping = false;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const notify = () => {
    for (const w of [...waiters]) if (r.ok + r.failed >= w.n || r.reason) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  const fail = (why: string) => {
    r.failed++;
    r.failures[why] = (r.failures[why] ?? 0) + 1;
  };
  const one = (retry = false): Promise<void> =>
    new Promise<void>((resolve) => {
      if (!retry) r.sent++;
      let answered = false;
      const req = http.get({ host: '127.0.0.1', port: options.port, path: options.path ?? '/version', agent: retry ? false : agent, timeout: timeoutMs }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === 200) {
            r.ok++;
            const v = String(res.headers['x-app-version'] ?? '?');
            r.versions[v] = (r.versions[v] ?? 0) + 1;
          } else fail(`status ${res.statusCode}`);
          resolve();
        });
        res.on('error', (e: NodeJS.ErrnoException) => (fail(e.code ?? e.message), resolve()));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (!retry && !answered && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
          r.retried++;
          void one(true).then(resolve);
          return;
        }
        fail(e.code ?? e.message);
        resolve();
      });
    });
  const worker = async () => {
    while (!stopping) {
      if (r.sent >= maxRequests) return void (r.reason ||= 'maxRequests');
      if (Date.now() - started >= maxMs) return void (r.reason ||= 'maxMs');
      await one();
      notify();
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    r.reason ||= 'stopped';
    r.durationMs = Date.now() - started;
    agent.destroy();
    notify();
  });
  return {
    async stop() {
      stopping = true;
      await done;
      return { ...r };
    },
    warmedUp: (n) => new Promise<void>((resolve) => (waiters.push({ n, resolve }), notify())),
    snapshot: () => ({ ...r, durationMs: Date.now() - started }),
  };
}
