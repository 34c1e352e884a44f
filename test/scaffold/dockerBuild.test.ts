/**
 * The real engine builds what we generate (classic builder: DOCKER_BUILDKIT=0, as this engine has
 * no buildx) on stand-in base images, and the HEALTHCHECK of the runner stage turns healthy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectProject } from '../../server/src/scaffold/project';
import { generateDockerfile } from '../../server/src/scaffold/dockerfile';
import { NODE_IMAGES, PYTHON_IMAGE } from '../../server/src/scaffold/pins';
import { PROJECTS } from './projects';
import { docker, engineAvailable, ensureStandIn, removeStandIns, withStandIns } from './standins';

const available = engineAvailable();
if (!available && process.env.CI) throw new Error('No Docker engine reachable (CI is set): the build tests must run.');
const skip = available ? false : 'no Docker engine reachable: skipping the docker build tests';
if (skip) console.log(`# ${skip}`);

const suffix = `${process.pid}-${Date.now().toString(36)}`;

describe('generated Dockerfiles on the real engine', { skip, concurrency: 5 }, () => {
  const upstreams = [...Object.values(NODE_IMAGES), PYTHON_IMAGE];
  // Imported once, before the builds run in parallel; removed with everything else the suite made.
  before(() => {
    for (const image of upstreams) ensureStandIn(image);
  });
  after(() => removeStandIns());
  for (const [name, files] of Object.entries(PROJECTS)) {
    test(`${name}: docker build of the generated Dockerfile, USER 1001, HEALTHCHECK healthy`, { skip, timeout: 120_000 }, async () => {
      const detected = detectProject(files);
      assert.ok(detected.ok);
      const generated = generateDockerfile(detected.project);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'aistack-test-build-'));
      const image = `ai-stack-test/build-${name}:${suffix}`;
      const container = `aistack-test-${name}-${suffix}`;
      try {
        for (const [file, text] of Object.entries(files)) {
          if (file.endsWith('/')) mkdirSync(path.join(dir, file), { recursive: true });
          else {
            mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            writeFileSync(path.join(dir, file), text);
          }
        }
        writeFileSync(path.join(dir, 'Dockerfile'), withStandIns(generated.dockerfile, upstreams));
        writeFileSync(path.join(dir, '.dockerignore'), generated.dockerignore);
        const build = docker(['build', '-q', '--force-rm', '--network=none', '-t', image, dir]);
        assert.equal(build.code, 0, `docker build failed:\n${build.err}\n${generated.dockerfile}`);
        const [config] = JSON.parse(docker(['image', 'inspect', image]).out);
        assert.equal(config.Config.User, '1001:1001');
        assert.ok(config.Config.Healthcheck?.Test?.length > 1, 'HEALTHCHECK recorded');
        assert.ok(Array.isArray(config.Config.Cmd) && config.Config.Cmd.length > 0);
        // Run it with a fast health interval: the probe must pass as uid 1001 against 127.0.0.1
        // (no network needed: loopback exists in an isolated container, and builds need none either).
        const run = docker(['run', '-d', '--network=none', '--name', container, '--health-interval=1s', '--health-start-period=1s', '--health-timeout=3s', image]);
        assert.equal(run.code, 0, run.err);
        let status = '';
        for (let i = 0; i < 40 && status !== 'healthy'; i++) {
          await new Promise((r) => setTimeout(r, 500));
          status = docker(['inspect', '-f', '{{.State.Health.Status}}', container]).out.trim();
          if (status === 'unhealthy' || docker(['inspect', '-f', '{{.State.Running}}', container]).out.trim() === 'false') break;
        }
        const logs = docker(['logs', container]);
        assert.equal(status, 'healthy', `container did not become healthy (${status}):\n${logs.out}${logs.err}`);
        assert.equal(docker(['exec', container, 'id', '-u']).out.trim(), '1001');
      } finally {
        docker(['rm', '-f', container]);
        docker(['rmi', '-f', image]);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
