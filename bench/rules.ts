/**
 * Benchmark: the cost of each compose rule at 1000 realistic services (bench/realistic.ts), beside the
 * `yaml` parse of the same text and the building of the model, in the two models the engine checks:
 * the project model (what the language server judges) and the single-file model (what `ai-stack check`
 * judges). CPU times, minimum of several runs (each on freshly built models).
 * Run: npx tsx bench/rules.ts [--services 1000] [--runs 5] [--no-write]
 * Writes the "Rule cost" section of BENCHMARKS.md.
 */
import os from 'node:os';
import { parseDocument } from 'yaml';
import { generateRealistic } from './realistic';
import { writeSection } from './report';
import { modelCost, ruleCosts } from './ruleCost';

const SECTION = 'Rule cost';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function parseCpu(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs + 2; i++) {
    const c = process.cpuUsage();
    parseDocument(text, { merge: true, uniqueKeys: true, keepSourceTokens: false });
    const u = process.cpuUsage(c);
    if (i >= 2) best = Math.min(best, (u.user + u.system) / 1000);
  }
  return best;
}

const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function main(): Promise<void> {
  const services = arg('--services', 1000);
  const runs = arg('--runs', 5);
  const text = generateRealistic(services);
  const parse = parseCpu(text, runs);
  const project = await ruleCosts([text], 'project', runs);
  const file = await ruleCosts([text], 'file', runs);
  const byId = new Map(file.map((r) => [r.id, r]));
  const rows = [...project].sort((a, b) => b.ms - a.ms);
  const sum = (list: { ms: number }[]): number => list.reduce((n, r) => n + r.ms, 0);
  const models = { project: modelCost(text, 'project', runs), file: modelCost(text, 'file', runs) };
  const lines = [
    `| rule | project model (server) | × parse | single-file model (CLI) | × parse | findings |`,
    `| --- | --- | --- | --- | --- | --- |`,
    `| *yaml parse of the text* | ${ms(parse)} ms | 1.00× | ${ms(parse)} ms | 1.00× | |`,
    `| *building the model (parse included)* | ${ms(models.project)} ms | ${(models.project / parse).toFixed(2)}× | ${ms(models.file)} ms | ${(models.file / parse).toFixed(2)}× | |`,
    `| **all rules** | ${ms(sum(project))} ms | ${(sum(project) / parse).toFixed(2)}× | ${ms(sum(file))} ms | ${(sum(file) / parse).toFixed(2)}× | ${project.reduce((n, r) => n + r.findings, 0)} |`,
    ...rows.map((r) => {
      const f = byId.get(r.id)!;
      return `| ${r.id} | ${ms(r.ms)} ms | ${(r.ms / parse).toFixed(3)}× | ${ms(f.ms)} ms | ${(f.ms / parse).toFixed(3)}× | ${r.findings} |`;
    }),
  ];
  const table = lines.join('\n');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const markdown = [
    `## ${SECTION}`,
    '',
    `Measured by \`bench/rules.ts\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}, load average ${os.loadavg()[0].toFixed(1)} at the end. File: \`generateRealistic(${services})\` (bench/realistic.ts), ${text.split('\n').length} lines. CPU time of one check of each rule (the minimum of ${runs} runs, each on freshly built models, rules in registry order so the lazily filled per-model caches are paid by the same rules as in a real check); the parse is \`yaml\`'s parseDocument of the same text (minimum of ${runs} warm runs). CPU time of the process includes V8's helper threads (concurrent garbage collection), so small rules carry some noise.`,
    '',
    table,
    '',
    'Complexity guard: `test/perf/ruleScaling.test.ts` compares every rule (and the building of each model) on one model of 1000 realistic services with ten models of 100 and fails when ten times the services cost more than 30× as much (a quadratic rule: ~100×).',
    '',
  ].join('\n');
  process.stdout.write(table + '\n');
  if (!process.argv.includes('--no-write')) {
    writeSection(SECTION, markdown);
    process.stdout.write(`\nwrote the "${SECTION}" section of BENCHMARKS.md\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench/rules: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
