import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { auditContainer } from '../../runtime/src/docker/audit';
import { containerInspectSchema, parseAnswer } from '../../runtime/src/docker/schemas';
import { MS, removeQuietly, requireEngine, TEST_IMAGE, uniqueName } from './engine';

const created: string[] = [];
let dockerForCleanup: Docker | undefined;
after(async () => {
  if (dockerForCleanup) await removeQuietly(dockerForCleanup, created);
});

/** Created, not started: inspect already reports the HostConfig the audit reads. */
async function inspectCreated(docker: Docker, options: Partial<Docker.ContainerCreateOptions>) {
  const c = await docker.createContainer({ name: uniqueName('audit'), Image: TEST_IMAGE, Cmd: ['sleep', '3600'], Labels: { 'aistack.test': '1' }, ...options });
  created.push(c.id);
  return parseAnswer(containerInspectSchema, await c.inspect(), 'inspect');
}

test('runtime audit flags every baseline break of a loose container, from a real inspect', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  const inspect = await inspectCreated(env.docker, {
    HostConfig: { Privileged: true, CapAdd: ['NET_ADMIN'], PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '18080' }] } },
  });
  const ids = auditContainer(inspect).map((f) => f.ruleId);
  assert.deepEqual(ids, ['no-privileged', 'non-root-user', 'memory-limit', 'read-only-rootfs', 'cap-add-minimal', 'port-host-ip-required', 'healthcheck-required']);
  const ports = auditContainer(inspect).find((f) => f.ruleId === 'port-host-ip-required')!;
  assert.match(ports.message, /0\.0\.0\.0:18080->80\/tcp/);
});

test('runtime audit is quiet on a hardened container', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  const inspect = await inspectCreated(env.docker, {
    User: '1001:1001',
    Healthcheck: { Test: ['CMD', 'true'], Interval: 1000 * MS },
    HostConfig: {
      Memory: 64 * 1024 * 1024,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18081' }] },
    },
  });
  assert.deepEqual(auditContainer(inspect), []);
});

test('healthcheck NONE counts as no healthcheck; uid 0 counts as root', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  const inspect = await inspectCreated(env.docker, { User: '0', Healthcheck: { Test: ['NONE'] } });
  const ids = auditContainer(inspect).map((f) => f.ruleId);
  assert.ok(ids.includes('healthcheck-required'));
  assert.ok(ids.includes('non-root-user'));
});
