/**
 * Issue: running the smoke or deploy task wiped every ai-stack diagnostic in the workspace. VS Code
 * clears a problem matcher's owner when the task starts, and the matcher shared the owner `ai-stack`
 * with the language client's diagnostic collection. The task matchers must have an owner of their own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');

test('task problem matchers do not share their owner with the language client diagnostics', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const matchers: { name: string; owner?: string; source?: string }[] = pkg.contributes.problemMatchers;
  const client = fs.readFileSync(path.join(repo, 'client', 'src', 'language', 'client.ts'), 'utf8');
  const collection = client.match(/diagnosticCollectionName:\s*'([^']+)'/)?.[1];
  assert.equal(collection, 'ai-stack');
  const provider = fs.readFileSync(path.join(repo, 'client', 'src', 'tasks', 'provider.ts'), 'utf8');
  const used = [...provider.matchAll(/'\$([\w-]+)'/g)].map((m) => m[1]);
  assert.ok(used.length > 0, 'the task provider attaches a problem matcher');
  for (const name of used) {
    const matcher = matchers.find((m) => m.name === name);
    assert.ok(matcher, `problem matcher ${name} is contributed`);
    // Without an owner VS Code uses 'external'; either way it must not be the diagnostics owner.
    assert.notEqual(matcher.owner ?? 'external', collection, `${name} owner`);
    assert.notEqual(matcher.source, collection, `${name} source`);
  }
});
