/**
 * Multi-file benchmark: base + override + prod (100 services). An edit in the override, then the
 * diagnostics of the whole set (every member file), against checking the base file alone.
 * Target: within 2× the single-file figure. Prints its figures.
 */
import '../server/src/engine';
import { analyze } from '../server/src/engine';
import { findingsByFile } from '../server/src/engine/analyze/project';
import { ProjectWorkspace } from '../server/src/engine/analyze/workspace';
import { generateCompose } from './generate';

const SERVICES = 100;
const RUNS = 30;
const dir = '/bench-project';
const base = generateCompose(SERVICES);
const names = [...base.matchAll(/^ {2}([a-z]+-\d+):$/gm)].map((m) => m[1]);

function override(n: number): string {
  const lines = ['services:'];
  for (const [i, name] of names.entries()) {
    lines.push(`  ${name}:`, `    environment:`, `      DEBUG: "${i % 2 ? 'true' : 'false'}"`);
    if (i % 5 === 2) lines.push(`    ports:`, `      - "${9000 + i + n * 1000}:9229"`, `    volumes:`, `      - ./src/${name}:/app/src`);
  }
  return lines.join('\n') + '\n';
}

function prod(): string {
  const lines = ['services:'];
  for (const name of names) lines.push(`  ${name}:`, `    deploy:`, `      resources:`, `        limits: {cpus: "1.0", memory: 512M}`);
  return lines.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: (i: number) => void): number {
  for (let i = 0; i < 3; i++) fn(-1 - i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

export function benchProject(): { single: number; set: number; ratio: number; findings: number } {
  const single = time((i) => analyze(`${dir}/compose.yaml`, base.replace('name: bench', `name: bench${i}`)));
  const texts = new Map<string, string>([
    [`${dir}/compose.yaml`, base],
    [`${dir}/compose.override.yaml`, override(0)],
    [`${dir}/compose.prod.yaml`, prod()],
  ]);
  const ws = new ProjectWorkspace((p) => texts.get(p));
  const settings = { composeFiles: [['compose.yaml', 'compose.override.yaml', 'compose.prod.yaml']] };
  let findings = 0;
  const set = time((i) => {
    texts.set(`${dir}/compose.override.yaml`, override(i + 10));
    ws.changed(`${dir}/compose.override.yaml`);
    const [project] = ws.projectsFor(`${dir}/compose.override.yaml`, settings).filter((p) => p.mainFiles.length === 3);
    findings = [...findingsByFile(project).values()].reduce((n, list) => n + list.length, 0);
  });
  return { single, set, ratio: set / single, findings };
}

if (require.main === module) {
  const r = benchProject();
  console.log(`single file (${SERVICES} services), full check:                 ${r.single.toFixed(1)} ms`);
  console.log(`edit in override → diagnostics of base+override+prod:        ${r.set.toFixed(1)} ms (${r.findings} findings)`);
  console.log(`ratio: ${r.ratio.toFixed(2)}× (target ≤ 2×) ${r.ratio <= 2 ? 'OK' : 'OVER TARGET'}`);
}
