import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { completionsAt, definitionAt, documentSymbols, hoverAt } from '../../server/src/engine/language';
import { ProjectWorkspace } from '../../server/src/engine/analyze/workspace';
import { loadProject } from '../../server/src/engine/project/project';
import { diskReader, fixtureProject, FIXTURES } from './support';

const at = (text: string, needle: string, delta = 1) => text.indexOf(needle) + delta;

test('hover on a service: effective value, origin of each setting, profile; secrets masked', () => {
  const project = fixtureProject('override', ['compose.yaml', 'compose.override.yaml', 'compose.prod.yaml']);
  const file = project.mainFiles[1];
  const md = hoverAt(project, file.path, at(file.text, 'api'))!;
  assert.match(md, /Always started/);
  assert.match(md, /Defined in compose\.yaml:\d+, then compose\.override\.yaml:\d+, then compose\.prod\.yaml:\d+/);
  assert.match(md, /`deploy`: from compose\.prod\.yaml:\d+/);
  assert.ok(!md.includes('s3cr3t-token-value'), 'the interpolated API_TOKEN must not be shown');
  assert.match(md, /API_TOKEN: ••••••/);
});

test('hover on a port says which file publishes it', () => {
  const project = fixtureProject('override', ['compose.yaml', 'compose.override.yaml']);
  const base = project.mainFiles[0];
  const md = hoverAt(project, base.path, at(base.text, 'ports:'))!;
  const line = project.mainFiles[1].text.slice(0, project.mainFiles[1].text.indexOf('"9229')).split('\n').length;
  assert.match(md, new RegExp(`9229:9229\` published by compose\\.override\\.yaml:${line}`));
  assert.match(md, /127\.0\.0\.1:8080:8080` published by compose\.yaml:\d+/);
});

test('hover names the anchor and the extends base a value is inherited from, and the profile', () => {
  const files: Record<string, string> = {
    '/p/compose.yaml': 'x-defaults: &defaults\n  restart: unless-stopped\nservices:\n  gpu:\n    <<: *defaults\n    image: ollama/ollama:0.5.7\n    profiles: [gpu]\n',
  };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] });
  const md = hoverAt(project, '/p/compose.yaml', at(files['/p/compose.yaml'], '  gpu:', 3))!;
  assert.match(md, /Enabled by profile `gpu`/);
  assert.match(md, /`restart`: from compose\.yaml:\d+, inherited from x-defaults/);
  const ext = fixtureProject('extends', ['compose.yaml']);
  const text = ext.mainFiles[0].text;
  assert.match(hoverAt(ext, ext.mainFiles[0].path, at(text, 'worker:'))!, /`cap_drop`: from common\.yml:\d+, via extends base \(common\.yml\)/);
});

test('definition: depends_on, extends (file:), networks, volumes, secrets, aliases', () => {
  const project = fixtureProject('override', ['compose.yaml', 'compose.override.yaml', 'compose.prod.yaml']);
  const f = project.mainFiles[0];
  const lineOf = (loc: { file: string; range: { start: number } }) => `${path.basename(loc.file)}:${project.fileAt(loc.file)!.lines.lineOf(loc.range.start) + 1}`;
  const def = (needle: string, delta = 1) => definitionAt(project, f.path, at(f.text, needle, delta)).map(lineOf);
  // Every file that defines or overrides db, the defining file first.
  const dbDefs = def('      db:\n', 7);
  assert.equal(dbDefs[0], `compose.yaml:${f.text.slice(0, f.text.indexOf('  db:\n    image')).split('\n').length}`);
  assert.deepEqual(dbDefs.slice(1).map((d) => d.split(':')[0]), ['compose.override.yaml', 'compose.prod.yaml']);
  assert.equal(def('networks: [backend]', 12).length, 1);
  assert.equal(def('- db-data', 3).length, 1);
  assert.equal(def('secrets: [db_password]', 11).length, 1);
  const ext = fixtureProject('extends', ['compose.yaml']);
  const e = ext.mainFiles[0];
  assert.deepEqual(definitionAt(ext, e.path, at(e.text, 'service: base', 10)).map((l) => path.basename(l.file)), ['common.yml']);
  assert.deepEqual(definitionAt(ext, e.path, at(e.text, 'extends: app', 10)).map((l) => e.lines.lineOf(l.range.start) + 1), [e.text.slice(0, e.text.indexOf('  app:')).split('\n').length]);
  const alias = definitionAt(ext, e.path, at(e.text, '*defaults', 2));
  assert.ok(e.text.slice(alias[0].range.start).startsWith('restart: unless-stopped'), 'points at the anchored mapping');
});

test('document symbols list services, networks and volumes with ranges', () => {
  const project = fixtureProject('override', ['compose.yaml']);
  const symbols = documentSymbols(project.mainFiles[0]);
  assert.deepEqual(symbols.map((s) => [s.name, s.children.map((c) => c.name)]), [
    ['services', ['api', 'db']],
    ['networks', ['backend']],
    ['volumes', ['db-data']],
    ['secrets', ['db_password']],
  ]);
  const api = symbols[0].children[0];
  assert.equal(project.mainFiles[0].text.slice(api.selectionRange.start, api.selectionRange.end), 'api');
  assert.equal(api.detail, 'registry.example.com/shop/api:${TAG:-latest}');
});

test('completion: services in depends_on, condition values, hardening keys not yet set', () => {
  const text = 'services:\n  api:\n    image: a:1\n    read_only: true\n    depends_on:\n      - \n  db:\n    image: postgres:16.4\n  cache:\n    image: redis:7.4.1\n    depends_on:\n      db:\n        condition: \n    \n';
  const files: Record<string, string> = { '/p/compose.yaml': text };
  const project = loadProject({ files: ['/p/compose.yaml'], read: (p) => files[p] });
  const labels = (offset: number) => completionsAt(project, '/p/compose.yaml', offset).map((c) => c.label);
  assert.deepEqual(labels(text.indexOf('      - \n') + 8), ['db', 'cache']);
  assert.deepEqual(labels(text.indexOf('condition: ') + 11), ['service_healthy', 'service_started', 'service_completed_successfully']);
  const keys = labels(text.lastIndexOf('    \n') + 4);
  assert.ok(keys.includes('cap_drop') && keys.includes('healthcheck') && keys.includes('read_only'));
  const apiKeys = labels(text.indexOf('    depends_on:\n      - ') + 4);
  assert.ok(!apiKeys.includes('read_only'), 'keys already set are not offered');
});

test('workspace: an edit in one member re-checks exactly the members of its sets; .env too', () => {
  const dir = path.join(FIXTURES, 'override');
  const ws = new ProjectWorkspace(diskReader());
  const settings = { composeFiles: [['compose.yaml', 'compose.prod.yaml']] };
  ws.analyze(path.join(dir, 'compose.prod.yaml'), {}, settings);
  ws.analyze(path.join(dir, 'compose.override.yaml'), {}, settings);
  ws.analyze(path.join(FIXTURES, 'extends/compose.yaml'), {});
  const names = (list: string[]) => list.map((p) => path.relative(FIXTURES, p)).sort();
  assert.deepEqual(names(ws.filesAffectedBy(path.join(dir, 'compose.override.yaml'))), ['override/compose.override.yaml', 'override/compose.yaml']);
  assert.deepEqual(names(ws.filesAffectedBy(path.join(dir, '.env'))), ['override/compose.override.yaml', 'override/compose.prod.yaml', 'override/compose.yaml']);
  assert.deepEqual(names(ws.filesAffectedBy(path.join(FIXTURES, 'extends/common.yml'))), ['extends/common.yml', 'extends/compose.yaml']);
  assert.deepEqual(ws.filesAffectedBy(path.join(FIXTURES, 'include/compose.yaml')), []);
  assert.deepEqual(names(ws.changed(path.join(dir, 'compose.prod.yaml'))), ['override/compose.prod.yaml', 'override/compose.yaml']);
  assert.deepEqual(ws.filesAffectedBy(path.join(dir, 'compose.prod.yaml')), [], 'invalidated');
});

test('workspace: a folder changed on disk re-checks the sets that read anything under it; an editor edit names one file', () => {
  const ws = new ProjectWorkspace(diskReader());
  const compose = path.join(FIXTURES, 'extends/compose.yaml');
  ws.analyze(compose, {});
  const names = (list: string[]) => list.map((p) => path.relative(FIXTURES, p)).sort();
  // The watcher reports a deleted or re-created folder alone, without its children.
  assert.deepEqual(ws.changed(path.join(FIXTURES, 'extends'), {}), [], 'from the editor, a path is a file: no walk under it');
  assert.deepEqual(names(ws.changed(path.join(FIXTURES, 'extends'), { onDisk: true })), ['extends/common.yml', 'extends/compose.yaml']);
  assert.deepEqual(ws.filesAffectedBy(compose), [], 'invalidated');
});
