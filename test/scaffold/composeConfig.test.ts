/**
 * docker-compose (v1.29, the CLI installed here) accepts every compose file after the Ollama
 * service is added: our own fixtures, and each corpus file without an Ollama service that it
 * accepted before the insertion (1.29 rejects some modern keys such as top-level `name:`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { analyze } from '../../server/src/engine';
import { addOllamaService } from '../../server/src/scaffold/ollama';
import { addModelServer } from '../../server/src/scaffold/modelServer';
import { corpusDir } from '../support/corpus';

const composeCli = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' }).status === 0;
if (!composeCli && process.env.CI) throw new Error('docker-compose is not installed (CI is set).');
const skip = composeCli ? false : 'docker-compose not installed: skipping compose config tests';
const corpus = corpusDir('compose');

const run = promisify(execFile);

/**
 * `docker-compose config -q` in a scratch folder that has the files the compose file points at
 * (empty .env/env_file files, build context folders), so only the YAML itself is judged.
 */
async function composeConfig(text: string, env: Record<string, string> = {}): Promise<{ ok: boolean; err: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aistack-test-compose-'));
  try {
    writeFileSync(path.join(dir, 'compose.yaml'), text);
    writeFileSync(path.join(dir, '.env'), '');
    const js = parseDocument(text, { merge: true }).toJS() as { services?: Record<string, any> } | null;
    for (const svc of Object.values(js?.services ?? {})) {
      const context = typeof svc?.build === 'string' ? svc.build : svc?.build?.context;
      if (typeof context === 'string' && !/^[a-z]+:\/\//.test(context) && !context.includes('$')) mkdirSync(path.resolve(dir, context), { recursive: true });
      for (const f of [svc?.env_file].flat()) if (typeof f === 'string' && !f.includes('$')) {
        mkdirSync(path.dirname(path.resolve(dir, f)), { recursive: true });
        writeFileSync(path.resolve(dir, f), '');
      }
    }
    await run('docker-compose', ['-f', path.join(dir, 'compose.yaml'), '-p', 'aistack-test-config', 'config', '-q'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
    return { ok: true, err: '' };
  } catch (e) {
    return { ok: false, err: String((e as { stderr?: string }).stderr ?? e) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('docker-compose config accepts a created compose.yaml and an inserted service with an external network', { skip }, async () => {
  for (const [text, options] of [[undefined, {}], ['services:\n  api:\n    image: nginx:1.27.3\n', { externalNetwork: true, gpuCount: 1 as const, publishOnLoopback: true }]] as const) {
    const r = addOllamaService(text, options);
    assert.ok(r.ok);
    const c = await composeConfig(r.text);
    assert.ok(c.ok, `${c.err}\n${r.text}`);
  }
});

/** A stand-in value for every required variable (`${VAR:?…}`, `${VAR?…}`) of the text. */
function requiredVars(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/\$\{([A-Za-z_]\w*):?\?/g)].map((m) => [m[1], 'stand-in']));
}

test('docker-compose config accepts the vLLM and TGI services: created, with options, and inserted into the examples', { skip }, async () => {
  const repo = path.resolve(__dirname, '..', '..');
  for (const kind of ['vllm', 'tgi'] as const) {
    const cases: [string, string | undefined, Parameters<typeof addModelServer>[2]][] = [
      ['created', undefined, {}],
      ['created with options', undefined, { gpuCount: 2, publishOnLoopback: true, externalNetwork: true, network: 'models', port: 9000 }],
      ['examples/stack', readFileSync(path.join(repo, 'examples/stack/compose.yaml'), 'utf8'), { consumers: ['api'] }],
      ['examples/compose.yaml', readFileSync(path.join(repo, 'examples/compose.yaml'), 'utf8'), {}],
    ];
    for (const [label, text, options] of cases) {
      const r = addModelServer(kind, text, options);
      assert.ok(r.ok, r.ok ? '' : r.message);
      const env = requiredVars(r.text);
      assert.ok('HF_TOKEN' in env, 'HF_TOKEN is required');
      const c = await composeConfig(r.text, env);
      assert.ok(c.ok, `${kind} ${label}: ${c.err}\n${r.text}`);
      // Without the token compose refuses, naming it.
      const { HF_TOKEN: _, ...noToken } = env;
      const refused = await composeConfig(r.text, noToken);
      assert.ok(!refused.ok && /HF_TOKEN must be set/.test(refused.err), `${kind} ${label}: ${refused.err}`);
    }
  }
});

test('each corpus compose file without Ollama: docker-compose still accepts it after insertion, and the service has zero findings', { skip: skip || (!existsSync(corpus) && 'corpus not found'), timeout: 600_000 }, async () => {
  const stats = { files: 0, withOllama: 0, acceptedBefore: 0, acceptedAfter: 0, rejectedBefore: [] as string[] };
  const jobs: { name: string; before: string; after: string }[] = [];
  for (const name of readdirSync(corpus).filter((f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(path.join(corpus, name), 'utf8');
    stats.files++;
    const js = parseDocument(text).toJS() as { services?: Record<string, { image?: string }> } | null;
    const services = js?.services ?? {};
    if ('ollama' in services || Object.values(services).some((s) => /(^|\/)ollama\/ollama/.test(String(s?.image ?? '')))) {
      stats.withOllama++;
      continue;
    }
    const r = addOllamaService(text, { gpuCount: 1 });
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.message}`);
    const own = analyze('compose.yaml', r.text)!.findings.filter((f) => f.service === 'ollama');
    assert.deepEqual(own.map((f) => `${f.ruleId}: ${f.message}`), [], name);
    jobs.push({ name, before: text, after: r.text });
  }
  // docker-compose takes about a second to start: run the checks a few at a time.
  const results: { name: string; before: { ok: boolean; err: string }; after?: { ok: boolean; err: string } }[] = [];
  for (let i = 0; i < jobs.length; i += 8) {
    results.push(...(await Promise.all(jobs.slice(i, i + 8).map(async (j) => {
      const before = await composeConfig(j.before);
      return { name: j.name, before, after: before.ok ? await composeConfig(j.after) : undefined };
    }))));
  }
  for (const r of results) {
    if (!r.before.ok) {
      stats.rejectedBefore.push(`${r.name}: ${r.before.err.trim().split('\n').pop()}`);
      continue;
    }
    stats.acceptedBefore++;
    assert.ok(r.after?.ok, `${r.name}: docker-compose rejects the result:\n${r.after?.err}`);
    stats.acceptedAfter++;
  }
  console.log(`# corpus: ${stats.files} compose files, ${stats.withOllama} already have Ollama, ${stats.acceptedBefore} accepted by docker-compose 1.29 before insertion, ${stats.acceptedAfter} accepted after`);
  for (const r of stats.rejectedBefore) console.log(`#   rejected before insertion (not compared): ${r}`);
  assert.ok(stats.acceptedAfter >= 10, 'expected most corpus files to be compared');
  assert.equal(stats.acceptedAfter, stats.acceptedBefore);
});
