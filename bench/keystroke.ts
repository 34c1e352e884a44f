/**
 * In-process keystroke benchmark (engine only, no LSP): what one keystroke in a realistic file costs
 * the engine, split into loading the project model (incremental parse + merged services) and running
 * the rules, beside a full `yaml` parse of the same text. CPU time of this process, minimum and
 * median over the edits. For profiling: `node --cpu-prof --import tsx bench/keystroke.ts 1000`.
 * Run: npx tsx bench/keystroke.ts [services=1000] [edits=20]
 */
import '../server/src/engine';
import { parseDocument } from 'yaml';
import { projectFindings } from '../server/src/engine/analyze/project';
import { ProjectWorkspace } from '../server/src/engine/analyze/workspace';
import { editRealistic, generateRealistic } from './realistic';
import { ownCpuMs } from './proc';

const services = Number(process.argv[2] ?? 1000);
const edits = Number(process.argv[3] ?? 20);
const file = '/bench-keystroke/compose.yaml';
let text = generateRealistic(services);
const ws = new ProjectWorkspace((p) => (p === file ? text : undefined));

function summary(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} / median ${s[Math.floor(s.length / 2)].toFixed(1)} ms`;
}

const parse: number[] = [];
for (let i = 0; i < 8; i++) parse.push(ownCpuMs(() => parseDocument(text, { merge: true, uniqueKeys: true, keepSourceTokens: false })));
projectFindings(ws.projectsFor(file)[0]);
const load: number[] = [];
const rules: number[] = [];
let findings = 0;
for (let n = 0; n < edits; n++) {
  text = editRealistic(text, n);
  ws.changed(file);
  let project!: ReturnType<ProjectWorkspace['projectsFor']>[0];
  load.push(ownCpuMs(() => ([project] = ws.projectsFor(file))));
  rules.push(ownCpuMs(() => (findings = projectFindings(project).length)));
}
const parseMin = Math.min(...parse);
const total = load.map((l, i) => l + rules[i]);
console.log(`realistic ${services} services, ${findings} findings; parse CPU ${summary(parse)}`);
console.log(`load  ${summary(load)}`);
console.log(`rules ${summary(rules)}`);
console.log(`total ${summary(total)} = ${(Math.min(...total) / parseMin).toFixed(2)}× parse (min/min)`);
