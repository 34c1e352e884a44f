// Bounded HTTP load from inside the manager's network namespace (spawned there by load.ts), to the
// nodes' host-mode published ports. Like a dnsrr client it only sends to the endpoints it was last
// told about: the parent writes one JSON line per change, `{"endpoints":["10.213.0.11:8080",…]}`,
// from the tasks Swarm reports running; `{"stop":true}` ends the run. Each request goes to the next
// endpoint in turn on a new connection (busybox httpd does not keep connections alive).
// A request fails on a connection error, a timeout or a status other than 200; nothing is retried.
// Limits: at most `maxRequests` requests and `maxMs` milliseconds (argv[2], argv[3]).
// Output: one JSON line with the counts when it ends.
import http from 'node:http';
import readline from 'node:readline';

const maxRequests = Number(process.argv[2] ?? 20000);
const maxMs = Number(process.argv[3] ?? 120000);
const concurrency = Number(process.argv[4] ?? 4);
const started = Date.now();
let endpoints = [];
let next = 0;
let stopping = false;
const r = { sent: 0, ok: 0, failed: 0, failures: {}, versions: {}, byEndpoint: {}, durationMs: 0, reason: '' };
let ready;
const firstEndpoints = new Promise((resolve) => (ready = resolve));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.endpoints) {
    endpoints = msg.endpoints;
    if (endpoints.length) ready();
  }
  if (msg.stop) stopping = true;
});

function once(endpoint) {
  const [host, port] = endpoint.split(':');
  return new Promise((resolve) => {
    const req = http.get({ host, port: Number(port), path: '/', timeout: 5000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 ? { ok: true, version: body.trim() } : { ok: false, why: `status ${res.statusCode}` }));
      res.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => resolve({ ok: false, why: e.code ?? e.message }));
  });
}

async function client() {
  await firstEndpoints;
  while (!stopping) {
    if (r.sent >= maxRequests) return (r.reason ||= 'maxRequests');
    if (Date.now() - started >= maxMs) return (r.reason ||= 'maxMs');
    const list = endpoints;
    if (list.length === 0) {
      // No task is running: that is a failure of the update, counted as such.
      r.sent++;
      r.failed++;
      r.failures['no endpoint'] = (r.failures['no endpoint'] ?? 0) + 1;
      await new Promise((res) => setTimeout(res, 50));
      continue;
    }
    const endpoint = list[next++ % list.length];
    r.sent++;
    const out = await once(endpoint);
    r.byEndpoint[endpoint] = (r.byEndpoint[endpoint] ?? 0) + 1;
    if (out.ok) {
      r.ok++;
      r.versions[out.version] = (r.versions[out.version] ?? 0) + 1;
    } else {
      r.failed++;
      const key = `${out.why} @${endpoint}`;
      r.failures[key] = (r.failures[key] ?? 0) + 1;
    }
  }
  r.reason ||= 'stopped';
}

await Promise.all(Array.from({ length: concurrency }, client));
r.durationMs = Date.now() - started;
process.stdout.write(JSON.stringify(r) + '\n');
process.exit(0);
