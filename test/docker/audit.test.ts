// The runtime audit runs the compose rules on a real container's inspect answer: a running container
// shows the rule ids its equivalent compose service shows (rules about files and relations between
// services aside), a hardened one shows none. Containers and the network are removed even on failure.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { analyze } from '../../server/src/engine';
import { composeRules } from '../../server/src/engine/rules/compose';
import { auditContainer, NOT_FOR_RUNNING_CONTAINERS } from '../../runtime/src/docker/audit';
import { auditInspectSchema, inspectToCompose } from '../../runtime/src/docker/inspectCompose';
import { MS, removeQuietly, requireEngine, TEST_IMAGE, uniqueName, waitFor } from './engine';

const created: string[] = [];
const networks: string[] = [];
let dockerForCleanup: Docker | undefined;
after(async () => {
  if (!dockerForCleanup) return;
  await removeQuietly(dockerForCleanup, created);
  for (const n of networks) await dockerForCleanup.getNetwork(n).remove().catch(() => undefined);
});

async function container(docker: Docker, options: Partial<Docker.ContainerCreateOptions>, start = true) {
  const c = await docker.createContainer({ name: uniqueName('audit'), Image: TEST_IMAGE, Cmd: ['sleep', '3600'], Labels: { 'aistack.test': '1' }, StopSignal: 'SIGKILL', ...options });
  created.push(c.id);
  if (start) {
    await c.start();
    await waitFor('the container to run', async () => (await c.inspect()).State.Running || undefined);
  }
  return c.inspect();
}

/** Rule ids the file checker reports for the equivalent compose service (the rules that apply to a container). */
function composeRuleIds(text: string): string[] {
  const findings = analyze('compose.yaml', text)!.findings.filter((f) => !(f.ruleId in NOT_FOR_RUNNING_CONTAINERS));
  return [...new Set(findings.map((f) => f.ruleId))].sort();
}

const ids = (list: { ruleId: string }[]) => [...new Set(list.map((f) => f.ruleId))].sort();

test('a weak running container shows the rule ids of its equivalent compose service', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  const data = mkdtempSync(path.join(os.tmpdir(), 'aistack-audit-'));
  const inspect = await container(env.docker, {
    Env: ['OLLAMA_ORIGINS=*'],
    HostConfig: {
      CapAdd: ['NET_ADMIN'],
      SecurityOpt: ['seccomp=unconfined'],
      PidMode: 'host',
      Binds: [`${data}:/data`],
      PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] },
    },
  });
  assert.ok(inspect.State.Running);
  const equivalent = `services:
  weak:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    environment:
      OLLAMA_ORIGINS: "*"
    cap_add: [NET_ADMIN]
    security_opt: ["seccomp=unconfined"]
    pid: host
    volumes:
      - ${data}:/data
    ports:
      - "80"
`;
  const audit = auditContainer(inspect);
  const expected = composeRuleIds(equivalent);
  assert.deepEqual(ids(audit), expected);
  for (const id of ['cap-add-minimal', 'seccomp-not-unconfined', 'no-host-pid', 'memory-limit', 'cpu-limit', 'pids-limit', 'non-root-user', 'read-only-rootfs', 'logging-rotation']) {
    assert.ok(expected.includes(id), `the equivalent compose file shows ${id}: ${expected.join(', ')}`);
  }
  const caps = audit.find((f) => f.ruleId === 'cap-add-minimal')!;
  assert.equal(caps.title, composeRules.find((r) => r.id === 'cap-add-minimal')!.title, 'the rule\'s own title');
  assert.equal(caps.composeKey, 'cap_add');
  assert.equal(audit.find((f) => f.ruleId === 'memory-limit')!.composeKey, undefined, 'a missing setting points at the service');
  assert.equal(audit.find((f) => f.ruleId === 'no-host-pid')!.composeKey, 'pid');
});

test('a hardened running container shows no finding, as its equivalent compose service', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  const net = uniqueName('audit-net');
  await env.docker.createNetwork({ Name: net, Labels: { 'aistack.test': '1' } });
  networks.push(net);
  const inspect = await container(env.docker, {
    User: '1000:1000',
    Healthcheck: { Test: ['CMD', 'true'], Interval: 5000 * MS, Timeout: 3000 * MS, Retries: 3, StartPeriod: 1000 * MS },
    HostConfig: {
      NetworkMode: net,
      Memory: 64 * 1024 * 1024,
      NanoCpus: 500_000_000,
      PidsLimit: 100,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Tmpfs: { '/tmp': '' },
      RestartPolicy: { Name: 'unless-stopped' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
    },
  });
  const equivalent = `services:
  hardened:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    user: "1000:1000"
    read_only: true
    tmpfs: [/tmp]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    pids_limit: 100
    restart: unless-stopped
    networks: [${net}]
    ports:
      - "127.0.0.1::80"
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
      timeout: 3s
      retries: 3
      start_period: 1s
    logging:
      driver: json-file
      options: {max-size: 10m, max-file: "3"}
    deploy:
      resources:
        limits: {memory: 64M, cpus: "0.5"}
networks:
  ${net}: {external: true}
`;
  assert.deepEqual(composeRuleIds(equivalent), []);
  assert.deepEqual(auditContainer(inspect).map((f) => `${f.ruleId}: ${f.message}`), []);
  // The service written from inspect holds what was set (the audit read them, not defaults).
  const text = inspectToCompose(auditInspectSchema.parse(inspect)).text;
  for (const part of ['user: 1000:1000', 'pids_limit: 100', 'memory: 67108864b', 'cpus: "0.5"', 'max-size: 10m', `- ${net}`, '127.0.0.1:']) assert.ok(text.includes(part), `${part} in\n${text}`);
});

test('privileged, host network and a healthcheck NONE: the same rule ids as the compose file (created, not started)', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  // This engine's sandbox cannot start a privileged container; inspect of a created one holds the same HostConfig.
  const inspect = await container(env.docker, { User: '0', Healthcheck: { Test: ['NONE'] }, HostConfig: { Privileged: true, NetworkMode: 'host' } }, false);
  const equivalent = `services:\n  loose:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n    user: "0"\n    privileged: true\n    network_mode: host\n    healthcheck:\n      disable: true\n`;
  const audit = auditContainer(inspect);
  assert.deepEqual(ids(audit), composeRuleIds(equivalent));
  for (const id of ['no-privileged', 'no-host-network', 'non-root-user']) assert.ok(ids(audit).includes(id), `${id} in ${ids(audit).join(', ')}`);
});

test('the audit never puts an environment value into a message', async (t) => {
  const env = await requireEngine(t);
  if (!env) return;
  dockerForCleanup = env.docker;
  const inspect = await container(env.docker, { Env: ['DATABASE_URL=postgresql://app:supersecret@db/app', 'POSTGRES_PASSWORD=supersecret'] }, false);
  const audit = auditContainer(inspect);
  assert.ok(audit.length > 0);
  for (const f of audit) assert.ok(!f.message.includes('supersecret'), f.message);
  assert.ok(!audit.some((f) => f.ruleId === 'no-hardcoded-secrets'), 'values read from .env are literal at runtime: not a finding');
});
