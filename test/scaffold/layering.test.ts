/**
 * The generators live in server/src/scaffold for both the extension and the CLI: no VS Code there,
 * the client reaches them only through their entry (server/src/scaffold/index.ts), and the engine,
 * which they build on, never imports them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Module specifiers of a file's imports and re-exports, resolved to repo paths when relative. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => {
    const spec = m[1] ?? m[2];
    return spec.startsWith('.') ? path.relative(repo, path.resolve(path.dirname(file), spec)) : spec;
  });
}

test('server/src/scaffold imports neither VS Code, the client, the runtime nor the language server', () => {
  const files = sources(path.join(repo, 'server/src/scaffold'));
  assert.ok(files.length >= 8, files.join(', '));
  for (const file of files) {
    for (const spec of imports(file)) {
      assert.ok(!/^(vscode|vscode-languageclient|vscode-languageserver)/.test(spec) && !/^(client|runtime|server\/src\/lsp|server\/src\/cli)\//.test(spec), `${path.relative(repo, file)} imports ${spec}`);
    }
  }
});

test('the client scaffold commands reach the generators only through server/src/scaffold', () => {
  for (const file of sources(path.join(repo, 'client/src/scaffold'))) {
    for (const spec of imports(file)) {
      if (spec.startsWith('server/')) assert.equal(spec, 'server/src/scaffold', `${path.relative(repo, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(readdirSync(path.join(repo, 'client/src/scaffold')).filter((n) => n === 'generators'), [], 'no generator copies left in the client');
});

test('the engine never imports the generators', () => {
  for (const file of sources(path.join(repo, 'server/src/engine'))) {
    for (const spec of imports(file)) assert.ok(!spec.startsWith('server/src/scaffold'), `${path.relative(repo, file)} imports ${spec}`);
  }
});
