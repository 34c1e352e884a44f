/**
 * Property: a keystroke gives exactly the findings a full re-analysis gives. Random edits (insertions
 * and deletions inside a random service, an anchor, a top-level block, or anywhere) are applied in
 * chains to realistic generated files and to the corpus; after each edit the workspace's incremental
 * analysis (in-place re-parse, re-used service values, per-service rule findings carried over) must
 * equal a fresh workspace's analysis of the same text: rule, severity, range, message, service,
 * related information and fix data. Fixed seed; AI_STACK_FUZZ_RUNS scales the chains,
 * AI_STACK_FUZZ_SEED=random picks a seed (printed).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { editRealistic, generateRealistic, rng } from '../../bench/realistic';
import { GPU_RESERVATION } from '../../bench/generate';
import type { Finding } from '../../server/src/engine';
import type { ComposeContext } from '../../server/src/engine/compose/context';
import { composeRules } from '../../server/src/engine/rules/compose';
import { projectFindings } from '../../server/src/engine/analyze/project';
import { isPerService } from '../../server/src/engine/project/serviceReuse';
import { ProjectWorkspace } from '../../server/src/engine/analyze/workspace';
import { corpusDir } from '../support/corpus';

const SCALE = process.env.AI_STACK_FUZZ_RUNS ? Number(process.env.AI_STACK_FUZZ_RUNS) / 100 : 1;
const SEED = process.env.AI_STACK_FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.AI_STACK_FUZZ_SEED ?? 20261130);
let cases = 0;
let reusedCases = 0;
after(() => console.log(`incremental property cases: ${cases}, ${reusedCases} of them re-used per-service findings (seed ${SEED})`));


/** Text typed into a compose file: characters, keys, list items, interpolations, anchors, aliases, comments. */
const INSERTS = ['\n' + GPU_RESERVATION, '\n    image: ollama/ollama:0.5.7\n', '\n    container_name: shared\n', 'x', '1', ' ', '\n', ':', '-', '#', '"', "'", '$', '{', '}', '[', ']', '&', '*', ',', 'image: nginx', '\n      FOO: bar', '\n      - "8080:80"', '${PASSWORD}', '${X:-y}', 'postgres://u:secret@db/app', '# ai-stack-ignore memory-limit', '<<: *base', '*logging', '&anchor ', 'true', 'privileged: true', '\n    user: root', '\n    read_only: false', '\n  extra:\n    image: redis:7\n', '\t'];

/** Where edits land: a service block, an anchor block (`x-…`), a top-level block, or anywhere. */
function editPoint(text: string, random: () => number): number {
  const lines = [...text.matchAll(/^.*$/gm)];
  const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(random() * xs.length)] : undefined);
  const kind = random();
  let candidates: RegExpMatchArray[];
  if (kind < 0.6) candidates = lines.filter((m) => /^ {2,}\S/.test(m[0]) && !/^ {2}x-|&/.test(m[0])); // inside a service (mostly)
  else if (kind < 0.75) candidates = lines.filter((m) => /^x-|&\w/.test(m[0])); // anchors and x- blocks
  else if (kind < 0.9) candidates = lines.filter((m) => /^\S/.test(m[0])); // top-level keys
  else candidates = lines;
  const line = pick(candidates) ?? pick(lines);
  if (!line) return 0;
  return line.index! + Math.floor(random() * (line[0].length + 1));
}

function randomEdit(text: string, random: () => number): string {
  const at = editPoint(text, random);
  if (random() < 0.55) {
    const piece = INSERTS[Math.floor(random() * INSERTS.length)];
    return text.slice(0, at) + piece + text.slice(at);
  }
  const length = 1 + Math.floor(random() * (random() < 0.8 ? 4 : 40));
  return text.slice(0, at) + text.slice(at + length);
}

/** Everything a finding says, in a stable order (the order of findings sharing a position is not part of the contract). */
function normalized(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.file, f.range.start, f.range.end, f.ruleId, f.severity, f.message, f.service ?? null, f.related ?? null, f.data ?? null])).sort();
}

function assertSame(incremental: readonly Finding[], fresh: readonly Finding[], where: string): void {
  const a = normalized(incremental);
  const b = normalized(fresh);
  if (a.join('\n') === b.join('\n')) return;
  const inA = new Set(a);
  const inB = new Set(b);
  const extra = a.filter((x) => !inB.has(x)).slice(0, 5);
  const missing = b.filter((x) => !inA.has(x)).slice(0, 5);
  assert.fail(`${where}: incremental findings differ from a full re-analysis (${a.length} vs ${b.length})\n only incremental: ${extra.join('\n   ')}\n only full: ${missing.join('\n   ')}`);
}

/**
 * Applies `steps` edits to `text` (at `file`, other files read from `read`), comparing the
 * workspace's incremental findings with a fresh analysis after each one.
 */
function broken(ws: ProjectWorkspace, file: string): boolean {
  return ws.projectsFor(file).some((p) => p.files.some((f) => f.problems.length > 0));
}

function chain(name: string, file: string, text: string, steps: number, _random: () => number, edit: (t: string, i: number) => string, read: (p: string) => string | undefined = () => undefined): void {
  let current = text;
  let good = text;
  const reader = (p: string) => (p === file ? current : read(p));
  const ws = new ProjectWorkspace(reader);
  ws.analyze(file, {});
  for (let i = 0; i < steps; i++) {
    // As users do, a broken file gets mended: after an edit that broke the YAML, the next one starts from the last good text.
    const next = edit(broken(ws, file) ? good : current, i);
    if (next === current) continue;
    if (!broken(ws, file)) good = current;
    current = next;
    ws.changed(file);
    const [project] = ws.projectsFor(file);
    const incremental = ws.analyze(file, {}).findings;
    const freshWorkspace = new ProjectWorkspace(reader);
    const fresh = freshWorkspace.analyze(file, {}).findings;
    cases++;
    if (project?.ruleReuse.reusing) reusedCases++;
    assertSame(incremental, fresh, `${name}, edit ${i} (seed ${SEED})`);
    // Every finding of the set, not only this file's: a kept finding on another member must be right too (the analyses above computed both).
    if (project) assertSame(projectFindings(project), projectFindings(freshWorkspace.projectsFor(file)[0]), `${name}, edit ${i}, whole set`);
  }
}

test('realistic files: random edits and keystrokes give the findings of a full re-analysis', () => {
  const random = rng(SEED);
  for (const [services, seed] of [[12, 1], [30, 2], [60, 3]] as const) {
    const steps = Math.round((services === 60 ? 20 : 30) * SCALE);
    chain(`realistic ${services}`, '/prop/compose.yaml', generateRealistic(services, seed), steps, random, (t, i) => (i % 3 === 0 ? editRealistic(t, Math.floor(random() * 1000)) : randomEdit(t, random)));
  }
  assert.ok(reusedCases > cases / 5, `per-service findings were re-used in ${reusedCases} of ${cases} cases: the test must exercise the reuse, not only the fallback`);
});

test('corpus files: random edits give the findings of a full re-analysis', () => {
  const random = rng(SEED + 1);
  const dir = corpusDir('compose');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
  assert.ok(files.length > 10, 'the corpus has compose files');
  const readDisk = (p: string) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  for (const rel of files) {
    const file = path.join(dir, rel);
    const text = readDisk(file);
    if (text === undefined || text.length > 200_000) continue;
    chain(`corpus ${rel}`, file, text, Math.max(2, Math.round(6 * SCALE)), random, (t) => randomEdit(t, random), readDisk);
  }
});

test('a multi-file set: edits in the override keep the base file\'s findings right', () => {
  const random = rng(SEED + 2);
  const base = generateRealistic(30, 5);
  const names = [...base.matchAll(/^ {2}([a-z][\w-]*):$/gm)].map((m) => m[1]);
  const override = ['services:', ...names.filter((_, i) => i % 3 === 0).flatMap((n, i) => [`  ${n}:`, `    environment:`, `      DEBUG: "${i % 2 ? 'true' : 'false'}"`, `    ports:`, `      - "${9000 + i}:80"`]), ''].join('\n');
  const dir = '/prop-set';
  const files = new Map([[`${dir}/compose.yaml`, base]]);
  chain('override of a realistic base', `${dir}/compose.override.yaml`, override, Math.round(20 * SCALE), random, (t) => randomEdit(t, random), (p) => files.get(p));
  chain('realistic base with an override', `${dir}/compose.yaml`, base, Math.round(20 * SCALE), random, (t, i) => (i % 2 ? editRealistic(t, Math.floor(random() * 1000)) : randomEdit(t, random)), (p) => (p === `${dir}/compose.override.yaml` ? override : undefined));
});

/** Services that share cards, a model server and the job that pulls its models: rules that count or pair services notice a missing one. */
const GPU_STACK = `services:
  llm-a:
    image: vllm/vllm-openai:v0.6.3
${GPU_RESERVATION}  llm-b:
    image: ghcr.io/huggingface/text-generation-inference:2.4.0
${GPU_RESERVATION}  llm-c:
    image: vllm/vllm-openai:v0.6.3
    gpus: all
  ollama:
    image: ollama/ollama:0.5.7
    mem_limit: 4g
  ollama-pull:
    image: ollama/ollama:0.5.7
    entrypoint: ["sh", "-c", "ollama pull llama3.1:70b"]
    environment:
      OLLAMA_HOST: ollama:11434
    depends_on:
      ollama:
        condition: service_started
`;

test('per-service rules: what a rule finds about a service does not change when the other services are not listed', () => {
  // The reuse runs these rules on the changed services only: a rule that counts or compares
  // services (reads model.services for more than the walk) must not be marked per-service.
  const random = rng(SEED + 3);
  const dir = corpusDir('compose');
  const texts: [string, string][] = [['/narrow/realistic.yaml', generateRealistic(60, 9)], ['/narrow/gpu.yaml', GPU_STACK]];
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort()) texts.push([path.join('/narrow', rel), fs.readFileSync(path.join(dir, rel), 'utf8')]);
  const rules = composeRules.filter(isPerService);
  assert.ok(rules.length > 20, 'most rules are per-service');
  let compared = 0;
  for (const [file, text] of texts) {
    const project = new ProjectWorkspace((p) => (p === file ? text : undefined)).projectsFor(file)[0];
    if (!project || project.services.length < 2) continue;
    const ctx: ComposeContext = { model: project, file: project.files[0] };
    for (let round = 0; round < 3; round++) {
      const kept = project.services.filter(() => random() < 0.5);
      const names = new Set(kept.map((s) => s.name));
      const narrowed: ComposeContext = { ...ctx, model: Object.create(project, { services: { value: kept } }) };
      for (const rule of rules) {
        const about = (fs_: Iterable<{ service?: string }>) => normalized([...fs_].filter((f) => f.service !== undefined && names.has(f.service)) as Finding[]);
        const full = about(rule.check(ctx) as Iterable<Finding>);
        const narrow = about(rule.check(narrowed) as Iterable<Finding>);
        compared++;
        assert.deepEqual(narrow, full, `${rule.id} on ${file}: findings about the listed services depend on the others`);
      }
    }
  }
  assert.ok(compared > 100);
});
