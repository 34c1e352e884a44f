import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine';
import { detectProject, NodeProject, PythonProject } from '../../server/src/scaffold/project';
import { generateDockerfile } from '../../server/src/scaffold/dockerfile';
import { nodeImage, PYTHON_IMAGE } from '../../server/src/scaffold/pins';
import { PROJECTS } from './projects';

function generate(name: string, options = {}) {
  const d = detectProject(PROJECTS[name]);
  assert.ok(d.ok, d.ok ? '' : d.message);
  return { ...d, files: generateDockerfile(d.project, options) };
}

for (const name of Object.keys(PROJECTS)) {
  test(`${name}: the generated Dockerfile has zero findings from our rules`, () => {
    const { files } = generate(name);
    const findings = analyze('Dockerfile', files.dockerfile)!.findings;
    assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], files.dockerfile);
    assert.deepEqual([...files.dockerfile.matchAll(/^FROM .* AS (\w+)$/gm)].map((m) => m[1]), ['base', 'deps', 'builder', 'runner']);
    assert.match(files.dockerfile, /^USER 1001:1001$/m);
    assert.match(files.dockerfile, /^HEALTHCHECK .*127\.0\.0\.1:\d+\/health/m);
    assert.match(files.dockerfile, /^CMD \[/m);
    assert.doesNotMatch(files.dockerfile, /--mount|<<EOF|--chmod/, 'only classic-builder syntax');
    assert.match(files.dockerignore, /^\.env$/m);
  });
}

test('Node: the lockfile decides the install command, engines/.nvmrc the pinned image', () => {
  const cases: Record<string, [RegExp, string]> = {
    'node-npm': [/RUN npm ci\n/, nodeImage(22)],
    'node-pnpm': [/pnpm install --frozen-lockfile/, nodeImage(20)],
    'node-yarn': [/yarn install --frozen-lockfile/, nodeImage(22)],
    'node-yarn-berry': [/yarn install --immutable/, nodeImage(22)],
  };
  for (const [name, [install, image]] of Object.entries(cases)) {
    const { files } = generate(name);
    assert.match(files.dockerfile, install, name);
    assert.ok(files.dockerfile.includes(`FROM ${image} AS base`), name);
    assert.match(image, /^node:\d+\.\d+\.\d+-alpine\d/);
  }
  assert.match(generate('node-yarn-berry').files.dockerfile, /COPY package\.json yarn\.lock \.yarnrc\.yml \.\//);
  assert.match(generate('node-yarn-berry').files.dockerfile, /CMD \["node", "--enable-source-maps", "dist\/index\.js"\]/);
  assert.match(generate('node-pnpm').files.dockerfile, /RUN corepack enable pnpm && pnpm run build/);
});

test('Next.js: standalone output, prisma generate, public dir, HOSTNAME for the server', () => {
  const { project, files } = generate('nextjs-standalone');
  const p = project as NodeProject;
  assert.ok(p.next && p.nextStandalone && p.prisma && p.hasPublicDir);
  for (const line of ['RUN npx prisma generate', 'COPY --from=builder --chown=1001:1001 /app/.next/standalone ./', 'COPY --from=builder --chown=1001:1001 /app/.next/static ./.next/static', 'COPY --from=builder --chown=1001:1001 /app/public ./public', 'CMD ["node", "server.js"]']) {
    assert.ok(files.dockerfile.includes(line), line);
  }
  assert.ok(files.dockerfile.indexOf('COPY prisma ./prisma') < files.dockerfile.indexOf('RUN npm ci'), 'schema is there before postinstall hooks run');
  const noStandalone = detectProject({ ...PROJECTS['nextjs-standalone'], 'next.config.mjs': 'export default {};\n' });
  assert.ok(noStandalone.ok && noStandalone.notes.some((n) => n.includes("output: 'standalone'")));
});

test('Python: dependency source, ASGI app, gunicorn with uvicorn workers, PYTHONUNBUFFERED', () => {
  const expect: Record<string, [string, string, RegExp]> = {
    'fastapi-requirements': ['requirements', 'main:app', /COPY requirements\.txt \.\/\nRUN pip install --no-cache-dir --prefix=\/install -r requirements\.txt gunicorn==/],
    'fastapi-uv': ['uv', 'app.main:api', /uv export --frozen --no-dev/],
    'fastapi-poetry': ['poetry', 'src.service.main:app', /poetry export --only main/],
    'fastapi-pyproject': ['pyproject', 'server:app', /tomllib/],
  };
  for (const [name, [deps, app, install]] of Object.entries(expect)) {
    const { project, files } = generate(name);
    const p = project as PythonProject;
    assert.equal(p.deps, deps, name);
    assert.equal(p.asgiApp, app, name);
    assert.match(files.dockerfile, install, name);
    assert.ok(files.dockerfile.includes(`FROM ${PYTHON_IMAGE} AS base`));
    assert.match(files.dockerfile, /ENV PYTHONUNBUFFERED=1/);
    assert.ok(files.dockerfile.includes(`CMD ["gunicorn", "${app}", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "uvicorn.workers.UvicornWorker"`), name);
  }
  assert.doesNotMatch(generate('fastapi-uv').files.dockerfile, /gunicorn==/, 'the project pins gunicorn itself');
});

test('options: port, health path and base image overrides', () => {
  const { files } = generate('node-npm', { port: 8080, healthPath: 'healthz', baseImages: { node: 'registry.local/node:22.12.0-alpine3.21' } });
  assert.ok(files.dockerfile.includes('FROM registry.local/node:22.12.0-alpine3.21 AS base'));
  assert.ok(files.dockerfile.includes('http://127.0.0.1:8080/healthz'));
  assert.ok(files.dockerfile.includes('EXPOSE 8080'));
});

test('detection gives clear messages for unsupported or broken projects', () => {
  const none = detectProject({ 'go.mod': 'module x' });
  assert.ok(!none.ok && /package\.json, requirements\.txt or pyproject\.toml/.test(none.message));
  const bad = detectProject({ 'package.json': '{ nope' });
  assert.ok(!bad.ok && /not valid JSON/.test(bad.message));
  const noLock = detectProject({ 'package.json': '{}' });
  assert.ok(noLock.ok && noLock.notes.some((n) => /No lockfile/.test(n)));
  const noDeps = detectProject({ 'pyproject.toml': '[tool.black]\n' });
  assert.ok(!noDeps.ok);
});
