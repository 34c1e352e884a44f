/**
 * healthcheck-loopback-ip reports a `localhost` probe only where it really fails: a client that
 * takes the first address of localhost without falling back (Node 17-19). curl, GNU wget, Python,
 * pg_isready and bash /dev/tcp try every address (issue 11, accuracy pattern 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined } from '../../support/rules';
import { firstAddressOnlyClient, nodeMajor } from '../../../server/src/engine/shared/loopbackClients';

const nodeProbe = (image: string, host = 'localhost') =>
  `services:\n  web:\n    image: ${image}\n    environment:\n      BASE: http://localhost:3000 # not a healthcheck\n    healthcheck:\n      test: ["CMD", "node", "-e", "fetch('http://${host}:3000/health').then((r) => process.exit(r.ok ? 0 : 1))"] # probe\n`;

test('a Node 18 probe of localhost is reported at localhost and fixed inside the test only', () => {
  const text = nodeProbe('node:18.20.5-alpine');
  const [f, more] = findings(text, 'healthcheck-loopback-ip');
  assert.ok(f && !more);
  assert.equal(underlined(text, f), 'localhost');
  assert.equal(text.slice(0, f.range.start).split('\n').length, 7);
  assert.match(f.message, /Node 18/);
  const out = applyFix(text, 'healthcheck-loopback-ip');
  assert.ok(out.includes("fetch('http://127.0.0.1:3000/health')"));
  assert.ok(out.includes('BASE: http://localhost:3000 # not a healthcheck'));
});

test('clients that try every address of localhost are not reported', () => {
  const probes = [
    '["CMD", "curl", "-f", "http://localhost:8000/health"]',
    'wget --no-verbose --tries=1 --spider http://localhost:8123/ping || exit 1',
    '["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:9997/status\')"]',
    "['CMD-SHELL', 'pg_isready -h localhost -U app']",
    '["CMD-SHELL", "bash -c \'exec 3<>/dev/tcp/localhost/11434\'"]',
    '["CMD", "redis-cli", "-h", "localhost", "ping"]',
  ];
  for (const probe of probes) {
    const text = `services:\n  s:\n    image: node:18.20.5\n    healthcheck:\n      test: ${probe}\n`;
    assert.deepEqual(findings(text, 'healthcheck-loopback-ip'), [], probe);
  }
});

test('Node 20+ (happy eyeballs) and a Node of unknown version are not reported; 127.0.0.1 never is', () => {
  for (const image of ['node:20.18.1-slim', 'node:22-alpine', 'example/web:1.2.3', 'node:lts']) {
    assert.deepEqual(findings(nodeProbe(image), 'healthcheck-loopback-ip'), [], image);
  }
  assert.deepEqual(findings(nodeProbe('node:18.20.5', '127.0.0.1'), 'healthcheck-loopback-ip'), []);
});

test('an anchored Node probe is fixed once, in the anchor, for every service that merges it', () => {
  const anchored = `x-hc: &hc\n  healthcheck:\n    test: ["CMD", "node", "-e", "require('http').get('http://localhost:3000/')"]\nservices:\n  a:\n    <<: *hc\n    image: node:19.9.0\n  b:\n    <<: *hc\n    image: node:19.9.0\n`;
  const list = findings(anchored, 'healthcheck-loopback-ip');
  assert.deepEqual(list.map((f) => underlined(anchored, f)), ['a', 'b']);
  const fix = check(anchored).fix(list[0])!;
  assert.equal(fix.edits.length, 1);
  assert.ok(fix.edits[0].range.start < anchored.indexOf('services:'), 'edited in the anchor');
});

test('the client table: Node majors 17-19 only', () => {
  assert.equal(nodeMajor('docker.io/library/node:18-bookworm'), 18);
  assert.equal(nodeMajor('node'), undefined);
  assert.equal(nodeMajor('nodered/node-red:3.1'), undefined);
  assert.equal(firstAddressOnlyClient('node -e "fetch(\'http://localhost/\')"', 'node:17.9.1'), 'Node 17');
  assert.equal(firstAddressOnlyClient('node -e "fetch(\'http://localhost/\')"', 'node:16.20.2'), undefined);
  assert.equal(firstAddressOnlyClient('curl -f http://localhost/', 'node:18'), undefined);
});

test('real engine: a busybox wget probe of localhost makes an IPv4-only server healthy, and the rule stays silent on it', async (t) => {
  const { requireEngine, runContainer, removeQuietly, waitFor, healthOf, uniqueName, MS } = await import('../../docker/engine');
  const env = await requireEngine(t);
  if (!env) return;
  const probe = 'wget -qO- http://localhost:8080/ || exit 1';
  // The server listens on IPv4 only; /etc/hosts in the container also maps localhost to ::1.
  const c = await runContainer(env.docker, {
    name: uniqueName('loopback'),
    cmd: ['sh', '-c', 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 0.0.0.0:8080 -h /www'],
    healthcheck: { Test: ['CMD-SHELL', probe], Interval: 200 * MS, Timeout: 2000 * MS, Retries: 3, StartPeriod: 0 },
  });
  t.after(() => removeQuietly(env.docker, [c.id]));
  const hosts = await new Promise<string>((resolve, reject) => {
    c.exec({ Cmd: ['cat', '/etc/hosts'], AttachStdout: true }, (e, exec) => {
      if (e || !exec) return reject(e);
      exec.start({ hijack: true, stdin: false }, (err, stream) => {
        if (err || !stream) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString('latin1')));
        stream.on('end', () => resolve(out));
      });
    });
  });
  assert.match(hosts, /::1\s+localhost/, 'the container resolves localhost to ::1 as well');
  await waitFor('the busybox wget probe to pass', async () => ((await healthOf(c)) === 'healthy' ? true : undefined), 30_000);
  const text = `services:\n  web:\n    image: busybox:1.36.1\n    healthcheck:\n      test: ["CMD-SHELL", "${probe}"]\n`;
  assert.deepEqual(findings(text, 'healthcheck-loopback-ip'), []);
});
