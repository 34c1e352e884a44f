/** Every compose snippet, with its placeholders at their defaults, has zero findings from our rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, parseDocument } from 'yaml';
import { analyze } from '../../server/src/engine';
import { modelServerBaseline } from '../../server/src/scaffold';

type Snippets = Record<string, { prefix: string[]; body: string[]; description: string }>;
const load = (name: string): Snippets => JSON.parse(readFileSync(path.resolve(__dirname, '../../snippets', name), 'utf8'));

/** What VS Code inserts when every placeholder is accepted as is. */
export function expand(body: string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  return text.replace(/\$\d+/g, '').replace(/\\\$/g, '$');
}

const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
const NETWORKS = 'networks:\n  backend: {}\n  ailab-network: {}\nvolumes:\n  postgres-data: {}\n  pgvector-data: {}\n  redis-data: {}\n  qdrant-data: {}\n  ollama-models: {}\n  vllm-cache: {}\n  tgi-data: {}\n';

function findingsOf(text: string): string[] {
  const errors = parseDocument(text).errors.map((e) => e.message);
  assert.deepEqual(errors, [], text);
  return analyze('compose.yaml', text)!.findings.map((f) => `${f.ruleId}: ${f.message}`);
}

const compose = load('compose.code-snippets');
const services = Object.entries(compose).filter(([, s]) => !/^(healthcheck|x-)/.test(s.body[0]) && !s.body.some((l) => l.includes('<<:')));

test('the compose snippets cover the service types the issue names', () => {
  const prefixes = Object.values(compose).flatMap((s) => s.prefix);
  for (const p of ['ai-postgres', 'ai-pgvector', 'ai-redis', 'ai-qdrant', 'ai-api', 'ai-worker', 'ai-ollama', 'ai-vllm', 'ai-tgi', 'ai-anchors', 'ai-service-anchored', 'ai-healthcheck-http']) assert.ok(prefixes.includes(p), p);
});

for (const [name, snippet] of services) {
  test(`${name}: zero findings with the default placeholders`, () => {
    const text = `services:\n${indent(expand(snippet.body), 2)}\n${NETWORKS}`;
    assert.deepEqual(findingsOf(text), [], text);
  });
}

test('the vLLM and TGI snippets insert what the generators insert (defaults accepted)', () => {
  for (const kind of ['vllm', 'tgi'] as const) {
    const snippet = Object.values(compose).find((s) => s.prefix.includes(`ai-${kind}`))!;
    const fromSnippet = (parseDocument(expand(snippet.body)).toJS() as Record<string, unknown>)[kind];
    const fromGenerator = new Document(modelServerBaseline(kind, {}, undefined, ['ailab-network'])).toJS();
    assert.deepEqual(fromSnippet, fromGenerator, kind);
  }
});

test('the anchors snippet plus a service merging them with <<: has zero findings', () => {
  const anchors = Object.values(compose).find((s) => s.prefix.includes('ai-anchors'))!;
  const svc = Object.values(compose).find((s) => s.prefix.includes('ai-service-anchored'))!;
  const text = `${expand(anchors.body)}\nservices:\n${indent(expand(svc.body), 2)}\n${NETWORKS}`;
  assert.deepEqual(findingsOf(text), [], text);
});

test('the health check snippets drop into a service without findings', () => {
  const api = Object.values(compose).find((s) => s.prefix.includes('ai-api'))!;
  for (const hc of Object.values(compose).filter((s) => s.body[0] === 'healthcheck:')) {
    const body = expand(api.body).replace(/  healthcheck:\n(    .*\n)+/, indent(expand(hc.body), 2) + '\n');
    const text = `services:\n${indent(body, 2)}\n${NETWORKS}`;
    assert.deepEqual(findingsOf(text), [], text);
  }
});

test('the Dockerfile stage skeletons assemble into Dockerfiles with zero findings', () => {
  const df = load('dockerfile.code-snippets');
  const pick = (p: string) => expand(Object.values(df).find((s) => s.prefix.includes(p))!.body);
  const node = [pick('ai-stage-node-deps'), pick('ai-stage-builder'), pick('ai-stage-runner')].join('\n');
  const python = [pick('ai-stage-python-deps'), pick('ai-stage-python-runner')].join('\n');
  for (const text of [node, python]) assert.deepEqual(analyze('Dockerfile', text)!.findings.map((f) => `${f.ruleId}: ${f.message}`), [], text);
});
