import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../server/src/engine/project/project';
import { toJS } from '../../server/src/engine/project/merge';

function merged(base: string, override: string, service = 'app') {
  const files: Record<string, string> = { '/p/compose.yaml': base, '/p/compose.override.yaml': override };
  const project = loadProject({ files: Object.keys(files), read: (p) => files[p] });
  return { project, svc: project.service(service)!, js: toJS(project.service(service)!.merged) as Record<string, unknown> };
}

test('mappings merge, scalars are replaced by the later file', () => {
  const { js } = merged('services:\n  app:\n    image: a:1\n    environment: {A: "1", B: "2"}\n', 'services:\n  app:\n    image: a:2\n    environment: {B: "3", C: "4"}\n');
  assert.equal(js.image, 'a:2');
  assert.deepEqual(js.environment, { A: '1', B: '3', C: '4' });
});

test('environment in list form merges by name with a mapping', () => {
  const { js } = merged('services:\n  app:\n    environment: [A=1, B=2]\n', 'services:\n  app:\n    environment:\n      B: "9"\n');
  assert.deepEqual(js.environment, { A: '1', B: '9' });
});

test('ports, expose and dns append; command, entrypoint and healthcheck.test replace', () => {
  const { js } = merged(
    'services:\n  app:\n    ports: ["127.0.0.1:80:80"]\n    expose: ["1"]\n    dns: 1.1.1.1\n    command: [a, b]\n    entrypoint: [x]\n    healthcheck: {test: [CMD, a], interval: 5s}\n',
    'services:\n  app:\n    ports: ["9229:9229"]\n    expose: ["2"]\n    dns: [8.8.8.8]\n    command: [c]\n    entrypoint: [y]\n    healthcheck: {test: [CMD, b]}\n',
  );
  assert.deepEqual(js.ports, ['127.0.0.1:80:80', '9229:9229']);
  assert.deepEqual(js.expose, ['1', '2']);
  assert.deepEqual(js.dns, ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(js.command, ['c']);
  assert.deepEqual(js.entrypoint, ['y']);
  assert.deepEqual(js.healthcheck, { test: ['CMD', 'b'], interval: '5s' });
});

test('volumes and secrets merge by target, keeping position', () => {
  const { js } = merged(
    'services:\n  app:\n    volumes: ["data:/data", "./src:/src"]\n    secrets: [a, {source: b, target: t}]\n',
    'services:\n  app:\n    volumes: ["other:/data", "/logs"]\n    secrets: [{source: c, target: t}]\n',
  );
  assert.deepEqual(js.volumes, ['other:/data', './src:/src', '/logs']);
  assert.deepEqual(js.secrets, ['a', { source: 'c', target: 't' }]);
});

test('!reset removes and !override replaces instead of merging', () => {
  const { js } = merged(
    'services:\n  app:\n    ports: ["80:80"]\n    environment: {A: "1"}\n    labels: {x: "1"}\n',
    'services:\n  app:\n    ports: !reset []\n    environment: !override {B: "2"}\n',
  );
  assert.equal(js.ports, undefined);
  assert.deepEqual(js.environment, { B: '2' });
  assert.deepEqual(js.labels, { x: '1' });
});

test('each merged value points at the file and node where it is written', () => {
  const { svc } = merged('services:\n  app:\n    image: a:1\n    ports: ["127.0.0.1:80:80"]\n', 'services:\n  app:\n    ports: ["9229:9229"]\n');
  const items = svc.items(['ports']);
  assert.deepEqual(items.map((i) => i.file.path), ['/p/compose.yaml', '/p/compose.override.yaml']);
  assert.equal(items[1].file.text.slice(items[1].node!.range![0], items[1].node!.range![1]), '"9229:9229"');
  assert.equal(svc.file.path, '/p/compose.yaml', 'the service is defined by the first file');
  assert.equal(svc.get(['image'])!.file.path, '/p/compose.yaml');
});

test('!reset and !override are not reported as YAML errors', () => {
  const { project } = merged('services:\n  app:\n    image: a:1\n', 'services:\n  app:\n    ports: !reset []\n');
  assert.deepEqual(project.files.flatMap((f) => f.problems), []);
});
