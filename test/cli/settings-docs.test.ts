import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { END, renderSettingsDoc, replaceSettingsSection, START } from '../../scripts/gen-settings-docs';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('README settings section matches package.json contributes.configuration (npx tsx scripts/gen-settings-docs.ts)', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.equal(replaceSettingsSection(readme, renderSettingsDoc(pkg)), readme, 'README.md settings are out of date: run npx tsx scripts/gen-settings-docs.ts');
});

test('every contributed setting is documented with its default', () => {
  const doc = renderSettingsDoc(pkg);
  const names = Object.keys(pkg.contributes.configuration.properties);
  assert.ok(names.length > 0);
  for (const name of names) assert.match(doc, new RegExp(`^- \`${name.replace(/\./g, '\\.')}\` \\(.*default \``, 'm'));
});

test('rendering: type, default, enum, markdown description, restricted-mode note', () => {
  const doc = renderSettingsDoc({
    contributes: {
      configuration: {
        properties: {
          'x.mode': { type: 'string', enum: ['a', 'b'], default: 'a', description: 'Mode\nof x.' },
          'x.port': { type: ['number', 'null'], default: null, markdownDescription: 'Port, e.g. `80`.' },
        },
      },
    },
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: ['x.port'] } },
  });
  assert.equal(
    doc,
    '- `x.mode` (string; default `"a"`; one of `a`, `b`): Mode of x.\n' +
      '- `x.port` (number; default `null`): Port, e.g. `80`. In Restricted Mode only the user setting is used, not the workspace one.\n',
  );
});

test('a drifted section is replaced; text outside the markers is kept; missing markers are a clear error', () => {
  const readme = `# T\n\n${START}\n- old\n${END}\n\n## FAQ\n`;
  assert.equal(replaceSettingsSection(readme, '- new\n'), `# T\n\n${START}\n- new\n${END}\n\n## FAQ\n`);
  assert.throws(() => replaceSettingsSection('# no markers', '- x\n'), /needs the markers/);
});
