// inspect → compose service, on hand-written inspect answers (no engine needed): the settings the
// audit's rules read come out as compose would write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { auditContainer } from '../../runtime/src/docker/audit';
import { auditInspectSchema, inspectToCompose } from '../../runtime/src/docker/inspectCompose';

function service(raw: unknown): Record<string, any> {
  const { service, text } = inspectToCompose(auditInspectSchema.parse(raw));
  return parse(text).services[service];
}

const base = { Name: '/stack-api-1', Config: { Image: 'ghcr.io/acme/api:1.2.3', Labels: { 'com.docker.compose.service': 'api' } }, HostConfig: {} };

test('ports: IPv4, IPv6 and random host ports keep their host IP; no IP means every interface', () => {
  const svc = service({
    ...base,
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }, { HostIp: '::1', HostPort: '' }], '53/udp': [{ HostIp: '', HostPort: '5353' }], '9000/tcp': [{ HostIp: '', HostPort: '' }] } },
  });
  assert.deepEqual(svc.ports, ['127.0.0.1:8080:80', '[::1]::80', '5353:53/udp', '9000']);
});

test('the service takes the compose label, else the container name; limits, restart, GPU, modes and healthcheck', () => {
  const svc = service({
    ...base,
    Config: { ...base.Config, User: 'app', Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://127.0.0.1/health'], Interval: 30e9, Timeout: 5e9, Retries: 3, StartPeriod: 1.5e9 } },
    HostConfig: {
      CpuQuota: 150000,
      CpuPeriod: 100000,
      Memory: 512 * 1024 * 1024,
      PidsLimit: -1,
      IpcMode: 'host',
      UTSMode: 'host',
      NetworkMode: 'stack_default',
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
      DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }],
    },
    NetworkSettings: { Networks: { stack_default: {} } },
  });
  assert.equal(svc.user, 'app');
  assert.deepEqual(svc.deploy, { resources: { limits: { memory: '536870912b', cpus: '1.5' }, reservations: { devices: [{ driver: 'nvidia', count: 'all', capabilities: ['gpu'] }] } } });
  assert.equal(svc.pids_limit, undefined, 'unlimited (-1) is no limit');
  assert.equal(svc.ipc, 'host');
  assert.equal(svc.uts, 'host');
  assert.equal(svc.networks, undefined, 'the project default network is what a file without networks gets');
  assert.equal(svc.restart, 'on-failure:5');
  assert.deepEqual(svc.healthcheck, { test: ['CMD-SHELL', 'curl -f http://127.0.0.1/health'], interval: '30s', timeout: '5s', retries: 3, start_period: '1500ms' });
  assert.equal(inspectToCompose(auditInspectSchema.parse(base)).service, 'api');
  assert.equal(inspectToCompose(auditInspectSchema.parse({ ...base, Config: { Image: 'x:1.0.0' } })).service, 'stack-api-1', 'no compose label: the container name');
});

test('mounts: binds, named and anonymous volumes, tmpfs; read-only marked', () => {
  const svc = service({
    ...base,
    HostConfig: { Tmpfs: { '/tmp': 'size=64m' } },
    Mounts: [
      { Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: false },
      { Type: 'volume', Name: 'stack_pgdata', Source: '/var/lib/docker/volumes/stack_pgdata/_data', Destination: '/var/lib/postgresql/data', RW: true },
      { Type: 'volume', Name: 'a'.repeat(64), Destination: '/data', RW: true },
    ],
  });
  assert.deepEqual(svc.volumes, [
    { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: true },
    { type: 'volume', source: 'stack_pgdata', target: '/var/lib/postgresql/data' },
    { type: 'volume', target: '/data' },
  ]);
  assert.deepEqual(svc.tmpfs, ['/tmp']);
  assert.ok(auditContainer({ ...base, Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock' }] }).some((f) => f.ruleId === 'no-docker-socket' && f.composeKey === 'volumes'));
});

test('an answer without Config is refused with a message, never a crash deeper in', () => {
  assert.throws(() => auditContainer({ Name: '/x' }), /inspect answer the audit cannot read: Config/);
});
