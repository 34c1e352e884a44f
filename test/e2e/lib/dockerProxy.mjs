// A Unix-socket proxy in front of a Docker engine that records every API request line
// (`GET /v1.41/tasks?…`), so a scenario can count what the extension asks the engine, as the engine
// sees it. Bytes are passed through untouched in both directions.
import net from 'node:net';
import { rmSync } from 'node:fs';

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]$/;

/** Starts the proxy at `socketPath` for the engine at `targetSocket`; `requests` grows as calls arrive. */
export async function startDockerProxy(socketPath, targetSocket) {
  rmSync(socketPath, { force: true });
  const requests = [];
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetSocket);
    sockets.add(client).add(upstream);
    let partial = '';
    client.on('data', (chunk) => {
      // Request lines are found in what the client sends; a line split across chunks is joined first.
      const lines = (partial + chunk.toString('latin1')).split('\r\n');
      partial = lines.pop() ?? '';
      if (partial.length > 8192) partial = '';
      for (const line of lines) {
        const m = REQUEST_LINE.exec(line);
        if (m) requests.push({ at: Date.now(), method: m[1], path: m[2].replace(/^\/v[\d.]+/, '').split('?')[0] });
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
  return {
    requests,
    /** Requests for `path` (e.g. `/tasks`) made at or after `since` (ms). */
    count: (path, since = 0) => requests.filter((r) => r.path === path && r.at >= since).length,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}
