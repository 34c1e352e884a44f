import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerContextValue, containerDescription, containerIcon, containerTooltip, duration } from '../../client/src/containers/presentation';
import { findServiceKey } from '../../client/src/containers/serviceLocation';
import type { ContainerItem } from '../../runtime/src/docker/containerItem';
import { groupContainers } from '../../runtime/src/docker/containerItem';
import { EventLineParser } from '../../runtime/src/docker/eventLines';
import { REDACTED, redactInspect } from '../../runtime/src/docker/redact';
import { containerInspectSchema, containerListSchema, EngineAnswerError, parseAnswer, type ContainerEvent } from '../../runtime/src/docker/schemas';

const base: ContainerItem = {
  id: 'a'.repeat(64), name: 'api', image: 'app:1.0', state: 'running', health: 'none', oomKilled: false,
  configFiles: [], labels: {}, ports: [], ips: [], mounts: [], created: 0,
};

test('description and icon per state and health', () => {
  assert.equal(containerDescription({ ...base, health: 'unhealthy' }), 'unhealthy');
  assert.equal(containerDescription(base), 'running');
  assert.equal(containerDescription({ ...base, state: 'exited', exitCode: 137, oomKilled: true }), 'exited (137, OOM killed)');
  assert.equal(containerIcon({ ...base, health: 'healthy' }).color, 'testing.iconPassed');
  assert.equal(containerIcon({ ...base, health: 'unhealthy' }).id, 'error');
  assert.equal(containerIcon({ ...base, health: 'starting' }).id, 'loading~spin');
  assert.equal(containerIcon({ ...base, state: 'exited', exitCode: 0 }).color, 'disabledForeground');
  assert.equal(containerIcon({ ...base, state: 'exited', exitCode: 1 }).color, 'errorForeground');
});

test('context values match the package.json menu patterns', () => {
  assert.equal(containerContextValue(base), 'container-running');
  assert.equal(containerContextValue({ ...base, state: 'exited' }), 'container-stopped');
  assert.equal(containerContextValue({ ...base, project: 'p', service: 's' }), 'container-running-compose');
});

test('tooltip shows probes, streak, restarts, limits and GPUs but never the environment', () => {
  const inspect = parseAnswer(containerInspectSchema, {
    Id: base.id, Name: '/api', RestartCount: 4,
    State: {
      Status: 'running', Running: true, StartedAt: '2026-01-01T00:00:00Z',
      Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ Start: '2026-01-01T00:01:02.5Z', ExitCode: 1, Output: 'wget: can`t connect *boom*' }] },
    },
    Config: { Image: 'app:1.0', Env: ['DB_PASSWORD=hunter2'] },
    HostConfig: { Memory: 536870912, NanoCpus: 1500000000, DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }] },
  }, 'inspect');
  const md = containerTooltip({ ...base, health: 'unhealthy' }, inspect, undefined, Date.parse('2026-01-01T01:00:00Z'));
  assert.match(md, /failing streak 3/);
  assert.match(md, /00:01:02 exit 1: `wget: can't connect \*boom\*`/);
  assert.match(md, /Restarts: 4/);
  assert.match(md, /Memory limit: 512 MiB/);
  assert.match(md, /CPU limit: 1\.5 CPUs/);
  assert.match(md, /GPU: nvidia all GPUs/);
  assert.match(md, /Up 1h 0m/);
  assert.ok(!md.includes('hunter2'));
  assert.equal(duration(90_000), '1m 30s');
});

test('grouping: projects and services sorted, others standalone', () => {
  const g = groupContainers([
    { ...base, id: '1', name: 'z', project: 'shop', service: 'web' },
    { ...base, id: '2', name: 'y', project: 'shop', service: 'db' },
    { ...base, id: '3', name: 'x' },
  ]);
  assert.deepEqual(g.projects.map((p) => [p.name, p.services.map((s) => s.name)]), [['shop', ['db', 'web']]]);
  assert.deepEqual(g.standalone.containers.map((c) => c.id), ['3']);
});

test('go to service finds the service key, or a key inside it', () => {
  const text = 'x-a: &a\n  read_only: false\nservices:\n  db:\n    image: pg\n  api:\n    <<: *a\n    image: app\n    ports: ["8080:80"]\n';
  const svc = findServiceKey(text, 'api')!;
  assert.equal(text.slice(svc.offset, svc.offset + svc.length), 'api');
  const ports = findServiceKey(text, 'api', 'ports')!;
  assert.equal(text.slice(ports.offset, ports.offset + ports.length), 'ports');
  const fallback = findServiceKey(text, 'api', 'user')!;
  assert.equal(fallback.offset, svc.offset, 'a missing key falls back to the service');
  assert.equal(findServiceKey(text, 'nope'), undefined);
  assert.equal(findServiceKey(': : [', 'api'), undefined);
});

test('inspect documents mask secret-looking environment values only', () => {
  const raw = { Config: { Env: ['PATH=/bin', 'OPENAI_API_KEY=sk-1', 'POSTGRES_PASSWORD=pw', 'MODEL=llama3'] } };
  const out = redactInspect(raw) as typeof raw;
  assert.deepEqual(out.Config.Env, ['PATH=/bin', `OPENAI_API_KEY=${REDACTED}`, `POSTGRES_PASSWORD=${REDACTED}`, 'MODEL=llama3']);
  assert.equal(raw.Config.Env[1], 'OPENAI_API_KEY=sk-1', 'the original is untouched');
});

test('inspect documents mask URL passwords, secret flag arguments and nothing public (one classifier with the hovers)', () => {
  const raw = {
    Args: ['--requirepass', 'hunter2'],
    Config: {
      Env: ['DATABASE_URL=postgresql://app:supersecret@db:5432/app', 'NEXT_PUBLIC_API_KEY=pk_live', 'AWS_ACCESS_KEY_ID=AKIA1', 'WEBUI_SECRET_KEY=s3', 'REDIS_AUTH=false'],
      Cmd: ['redis-server', '--requirepass', 'hunter2', '--password=pw2'],
      Healthcheck: { Test: ['CMD-SHELL', 'redis-cli -a x --password hunter2 ping'] },
    },
  };
  const out = redactInspect(raw) as typeof raw;
  const text = JSON.stringify(out);
  for (const secret of ['supersecret', 'hunter2', 'pw2', 's3']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  assert.ok(out.Config.Env.includes(`DATABASE_URL=postgresql://app:${REDACTED}@db:5432/app`), text);
  assert.ok(out.Config.Env.includes('NEXT_PUBLIC_API_KEY=pk_live'), 'public keys are not secrets');
  assert.ok(out.Config.Env.includes('AWS_ACCESS_KEY_ID=AKIA1'), 'key ids are not secrets');
  assert.ok(out.Config.Env.includes('REDIS_AUTH=false'), 'a switch value is not a secret');
});

test('odd engine answers give a clear error naming the field', () => {
  assert.throws(() => parseAnswer(containerListSchema, [{ Id: 5 }], 'container list'), (e: Error) => e instanceof EngineAnswerError && /container list: 0\.Id/.test(e.message));
  assert.throws(() => parseAnswer(containerInspectSchema, { Id: 'x' }, 'inspect answer'), /inspect answer: State/);
  // Null lists (as some engines send) are accepted.
  const ok = parseAnswer(containerListSchema, [{ Id: 'x', Names: null, Labels: null, Ports: null }], 'container list');
  assert.deepEqual(ok[0]!.Labels, {});
});

test('event lines split across chunks are reassembled; bad lines are reported, not thrown', () => {
  const events: ContainerEvent[] = [];
  const bad: string[] = [];
  const p = new EventLineParser((e) => events.push(e), (m) => bad.push(m));
  const line = JSON.stringify({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'abc', Attributes: { name: 'x' } }, time: 1 });
  p.push(line.slice(0, 10));
  p.push(line.slice(10) + '\n{oops}\n' + JSON.stringify({ Action: 'start' }) + '\n');
  assert.equal(events.length, 1);
  assert.equal(events[0]!.Action, 'health_status: unhealthy');
  assert.equal(bad.length, 2);
  assert.match(bad[0]!, /not JSON/);
  assert.match(bad[1]!, /unexpected event: Actor/);
});
