/**
 * A deploy in progress in the Containers view (issue 13): with a proxy whose nginx config directory is
 * bind-mounted from the host, the containers of the service its deploy-managed upstream names show
 * which one the proxy points at, and the roles follow the upstream file when deploy switches it.
 * Real engine, real containers on a network of their own (so they have addresses), both API paths (list and inspect).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { itemFromInspect, itemFromSummary } from '../../runtime/src/docker/containerItem';
import { containerInspectSchema, containerListSchema, parseAnswer } from '../../runtime/src/docker/schemas';
import { proxyRoles } from '../../runtime/src/proxy/deployView';
import { removeQuietly, requireEngine, TEST_IMAGE, uniqueName } from './engine';

test('the proxy role of each container follows the upstream file deploy writes (old and new side by side)', { timeout: 120_000 }, async (t) => {
  const found = await requireEngine(t);
  if (!found) return;
  const { docker } = found;
  const project = uniqueName('deployview');
  const confDir = mkdtempSync(path.join(os.tmpdir(), 'aistack-test-conf-'));
  const created: string[] = [];
  // A network of its own (this engine may run without the default bridge), removed afterwards.
  const network = await docker.createNetwork({ Name: project, Labels: { 'aistack.test': '1' } });
  t.after(async () => {
    await removeQuietly(docker, created);
    await network.remove().catch(() => undefined);
    rmSync(confDir, { recursive: true, force: true });
  });
  const labels = (service: string) => ({ 'aistack.test': '1', 'com.docker.compose.project': project, 'com.docker.compose.service': service });
  const run = async (name: string, service: string, binds: string[] = []): Promise<Docker.Container> => {
    const c = await docker.createContainer({ name: `${project}_${name}`, Image: TEST_IMAGE, Cmd: ['sleep', '600'], Labels: labels(service), StopSignal: 'SIGKILL', HostConfig: { NetworkMode: project, Binds: binds } });
    created.push(c.id);
    await c.start();
    return c;
  };
  await run('proxy_1', 'proxy', [`${confDir}:/etc/nginx/conf.d:ro`]);
  const old = await run('api_1', 'api');
  const fresh = await run('api_2', 'api');
  const ipOf = async (c: Docker.Container) => Object.values((await c.inspect()).NetworkSettings.Networks)[0]!.IPAddress;
  const [oldIp, freshIp] = [await ipOf(old), await ipOf(fresh)];
  assert.ok(oldIp && freshIp && oldIp !== freshIp);

  const fromList = async () => {
    const raw = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
    return parseAnswer(containerListSchema, raw, 'container list').map((s) => itemFromSummary(s, 'none'));
  };
  const fromInspect = async () => Promise.all(created.map(async (id) => itemFromInspect(parseAnswer(containerInspectSchema, await docker.getContainer(id).inspect(), 'inspect'))));

  // Before any deploy wrote an upstream: no roles (the view shows nothing extra).
  assert.equal(proxyRoles(await fromList()).size, 0);

  // Mid-deploy: the proxy still points at the old container; the new one warms up beside it.
  writeFileSync(path.join(confDir, 'ai-stack-upstream-api.conf'), `upstream api {\n    server ${oldIp}:8000 max_fails=0;\n}\n`);
  for (const items of [await fromList(), await fromInspect()]) {
    const roles = proxyRoles(items);
    assert.equal(roles.get(old.id), 'proxied');
    assert.equal(roles.get(fresh.id), 'not-proxied');
    assert.equal(roles.has(created[0]), false, 'the proxy itself has no role');
  }
  // Switched: the new one serves, the old one drains.
  writeFileSync(path.join(confDir, 'ai-stack-upstream-api.conf'), `upstream api {\n    server ${freshIp}:8000;\n}\n`);
  const after = proxyRoles(await fromList());
  assert.equal(after.get(fresh.id), 'proxied');
  assert.equal(after.get(old.id), 'not-proxied');
});
