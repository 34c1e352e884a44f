import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDocker, EngineConfigError, resolveEngine } from '../../runtime/src/docker/connection';

function tempHome(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aistack-conn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const none = () => false;

function writeCerts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(dir, f), `-----${f}-----\n`);
}

function writeContext(home: string, name: string, host: string, withTls = false): string {
  const digest = createHash('sha256').update(name).digest('hex');
  const metaDir = path.join(home, '.docker', 'contexts', 'meta', digest);
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  if (withTls) writeCerts(path.join(home, '.docker', 'contexts', 'tls', digest, 'docker'));
  return digest;
}

test('DOCKER_HOST unix:// gives a socket path', () => {
  const r = resolveEngine({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, homeDir: '/nonexistent', exists: none });
  assert.equal(r.options.socketPath, '/run/user/1000/docker.sock');
  assert.equal(r.options.host, undefined);
  assert.equal(r.host, 'unix:///run/user/1000/docker.sock');
  assert.equal(r.source, 'env');
  assert.match(r.label, /DOCKER_HOST/);
});

test('DOCKER_HOST tcp:// without TLS is plain http on 2375 by default; a bare host:port means tcp', () => {
  const r = resolveEngine({ env: { DOCKER_HOST: 'tcp://10.1.2.3' }, homeDir: '/nonexistent', exists: none });
  assert.deepEqual([r.options.host, r.options.port, r.options.protocol, r.tls], ['10.1.2.3', '2375', 'http', false]);
  const bare = resolveEngine({ env: { DOCKER_HOST: 'docker.internal:2375' }, exists: none });
  assert.equal(bare.host, 'tcp://docker.internal:2375');
  const v6 = resolveEngine({ env: { DOCKER_HOST: 'tcp://[::1]:2375' }, exists: none });
  assert.equal(v6.options.host, '::1');
});

test('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH loads ca/cert/key and switches to https', (t) => {
  const home = tempHome(t);
  const certs = path.join(home, 'certs');
  writeCerts(certs);
  const r = resolveEngine({ env: { DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, homeDir: home, exists: none });
  assert.equal(r.options.protocol, 'https');
  assert.equal(r.tls, true);
  assert.equal(String(r.options.ca), '-----ca.pem-----\n');
  assert.equal(String(r.options.cert), '-----cert.pem-----\n');
  assert.equal(String(r.options.key), '-----key.pem-----\n');
  assert.match(r.label, /TLS/);
  assert.ok(!r.label.includes('-----'), 'no key material in the label');
});

test('DOCKER_TLS_VERIFY without DOCKER_CERT_PATH reads ~/.docker; missing files give a clear error', (t) => {
  const home = tempHome(t);
  writeCerts(path.join(home, '.docker'));
  const r = resolveEngine({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, homeDir: home, exists: none });
  assert.equal(r.options.protocol, 'https');
  assert.throws(
    () => resolveEngine({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(home, 'nope') }, exists: none }),
    (e: Error) => e instanceof EngineConfigError && /ca\.pem cannot be read/.test(e.message),
  );
});

test('the setting wins over DOCKER_HOST; bad hosts and schemes give clear errors', () => {
  const r = resolveEngine({ setting: 'unix:///tmp/x.sock', env: { DOCKER_HOST: 'tcp://10.0.0.1:2375' }, exists: none });
  assert.equal(r.source, 'setting');
  assert.equal(r.options.socketPath, '/tmp/x.sock');
  assert.equal(r.options.host, undefined, 'DOCKER_HOST cannot leak into the options');
  assert.throws(() => resolveEngine({ setting: 'ftp://x', exists: none }), /unsupported scheme "ftp"/);
  assert.throws(() => resolveEngine({ setting: 'tcp://', exists: none }), EngineConfigError);
  assert.throws(() => resolveEngine({ setting: 'unix://', exists: none }), /no socket path/);
});

test('ssh:// hosts keep the user and port', () => {
  const r = resolveEngine({ env: { DOCKER_HOST: 'ssh://deploy@build.example:2222', SSH_AUTH_SOCK: '/tmp/agent' }, exists: none });
  assert.deepEqual([r.options.protocol, r.options.host, r.options.port, r.options.username], ['ssh', 'build.example', '2222', 'deploy']);
  assert.equal(r.host, 'ssh://deploy@build.example:2222');
});

test('the current Docker context from config.json and contexts/meta/<sha256>/meta.json, with its TLS files', (t) => {
  const home = tempHome(t);
  mkdirSync(path.join(home, '.docker'), { recursive: true });
  writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'remote' }));
  writeContext(home, 'remote', 'tcp://10.9.8.7:2376', true);
  const r = resolveEngine({ env: {}, homeDir: home });
  assert.equal(r.source, 'context');
  assert.equal(r.host, 'tcp://10.9.8.7:2376');
  assert.equal(r.options.protocol, 'https');
  assert.equal(String(r.options.ca), '-----ca.pem-----\n');
  assert.match(r.label, /context "remote"/);
  // DOCKER_CONTEXT overrides currentContext; "default" falls through to the default socket.
  writeContext(home, 'local', 'unix:///tmp/local.sock');
  assert.equal(resolveEngine({ env: { DOCKER_CONTEXT: 'local' }, homeDir: home }).options.socketPath, '/tmp/local.sock');
  assert.equal(resolveEngine({ env: { DOCKER_CONTEXT: 'default' }, homeDir: home, exists: (p) => p.endsWith('config.json') }).source, 'default');
});

test('a broken context gives a clear error naming the file', (t) => {
  const home = tempHome(t);
  mkdirSync(path.join(home, '.docker'), { recursive: true });
  writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'gone' }));
  assert.throws(() => resolveEngine({ env: {}, homeDir: home }), /context "gone" has no metadata/);
  writeFileSync(path.join(home, '.docker', 'config.json'), '{ not json');
  assert.throws(() => resolveEngine({ env: {}, homeDir: home }), /config\.json is not valid JSON/);
});

test('default socket; Docker Desktop user socket; Podman only when it is the only socket', () => {
  const only = (...paths: string[]) => (p: string) => paths.includes(p);
  assert.equal(resolveEngine({ env: {}, homeDir: '/h', exists: only('/var/run/docker.sock') }).options.socketPath, '/var/run/docker.sock');
  assert.equal(resolveEngine({ env: {}, homeDir: '/h', exists: only('/h/.docker/run/docker.sock') }).options.socketPath, '/h/.docker/run/docker.sock');
  const podman = resolveEngine({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, homeDir: '/h', exists: only('/run/user/1000/podman/podman.sock') });
  assert.equal(podman.source, 'podman');
  assert.equal(podman.options.socketPath, '/run/user/1000/podman/podman.sock');
  assert.match(podman.label, /Podman/);
  const both = resolveEngine({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, homeDir: '/h', exists: only('/var/run/docker.sock', '/run/user/1000/podman/podman.sock') });
  assert.equal(both.source, 'default');
  const nothing = resolveEngine({ env: {}, homeDir: '/h', exists: none });
  assert.equal(nothing.options.socketPath, '/var/run/docker.sock', 'falls back to the default path (reported unreachable later)');
});

test('createDocker ignores DOCKER_HOST in the process environment when the setting decided otherwise', () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'tcp://10.255.255.1:2375';
  try {
    const docker = createDocker(resolveEngine({ setting: 'unix:///tmp/aistack.sock', exists: none }));
    const modem = docker.modem as unknown as { socketPath?: string; host?: string };
    assert.equal(modem.socketPath, '/tmp/aistack.sock');
    assert.equal(modem.host, undefined);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});
