/**
 * Benchmark: whole-workspace background diagnostics (issue 12.4) over real LSP stdio. A generated
 * workspace of 500 compose files (bench/realistic.ts, 2–8 services each: ~43 lines and ~8 findings
 * per service) and 500 Dockerfiles (seeded variants with real findings), one project per folder.
 * `dist/server.js --stdio` is started on it as VS Code starts it (workspace folder, configuration
 * and work-done progress supported), and we measure:
 * - time from `initialized` to the last file's first diagnostics, and to the end of the progress;
 * - server peak RSS (VmHWM) and RSS when the scan is done;
 * - typing latency in an open file while the scan runs, against the same edits once it is done
 *   (the background check must give way to the editor).
 * Run: npx tsx bench/workspace.ts [--files 500] [--no-write] [--server dist/server.js] (after npm run build).
 * Writes the "Whole-workspace diagnostics" section of BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { editRealistic, generateRealistic } from './realistic';
import { writeSection } from './report';
import { cpuMs, memory } from './proc';
import { LspClient } from './lspClient';
import { shippedDist } from './shipped';

// The shipped (production) bundle unless --server names another (bench/shipped.ts).
let SERVER = '';
const SECTION = 'Whole-workspace diagnostics';
const EDITS = 20;

/** A Dockerfile as found in real repositories: a few of base tag, root user, piped installers, ADD, secrets in ENV, no healthcheck. */
function generateDockerfile(i: number): string {
  const python = i % 2 === 0;
  const lines = [python ? `FROM python:${i % 3 === 0 ? 'latest' : '3.12-slim'}` : `FROM node:${i % 3 === 0 ? 'latest' : '22-alpine'}`, 'WORKDIR /app'];
  if (i % 4 === 0) lines.push('RUN apt-get update && apt-get install -y curl', 'RUN curl -fsSL https://example.com/install.sh | sh');
  if (i % 5 === 0) lines.push(`ENV API_TOKEN=tok_${(i * 7919).toString(36)}secret`);
  if (i % 3 === 1) lines.push('ADD . /app');
  else lines.push(python ? 'COPY requirements.txt .' : 'COPY package*.json ./', python ? 'RUN pip install -r requirements.txt' : 'RUN npm ci', 'COPY . .');
  if (i % 2 === 1) lines.push('USER 10001');
  if (i % 6 === 0) lines.push('HEALTHCHECK CMD wget -qO- http://127.0.0.1:8000/health || exit 1');
  lines.push('EXPOSE 8000', python ? 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]' : 'CMD node server.js');
  return lines.join('\n') + '\n';
}

function generateWorkspace(dir: string, files: number): { paths: string[]; lines: number; services: number } {
  const paths: string[] = [];
  let lines = 0;
  let services = 0;
  for (let i = 0; i < files; i++) {
    const folder = path.join(dir, `group-${String(Math.floor(i / 50)).padStart(2, '0')}`, `app-${String(i).padStart(3, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    services += 2 + (i % 7);
    const compose = generateRealistic(2 + (i % 7), 1000 + i);
    const dockerfile = generateDockerfile(i);
    fs.writeFileSync(path.join(folder, 'compose.yaml'), compose);
    fs.writeFileSync(path.join(folder, 'Dockerfile'), dockerfile);
    paths.push(path.join(folder, 'compose.yaml'), path.join(folder, 'Dockerfile'));
    lines += compose.split('\n').length + dockerfile.split('\n').length;
  }
  // Noise a real workspace has and the scan must skip.
  fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'compose.yaml'), generateRealistic(3));
  return { paths, lines, services };
}

/** Edits an open file EDITS times, each after the previous one's diagnostics; returns the latencies (ms). */
async function typeInto(server: LspClient, uri: string, text: string, firstVersion: number): Promise<{ wall: number[]; cpu: number[] }> {
  const latencies: number[] = [];
  const cpu: number[] = [];
  let current = text;
  for (let n = 0; n < EDITS; n++) {
    const before = current;
    current = editRealistic(current, n);
    const v = firstVersion + n;
    const done = server.diagnostics(uri, v);
    const t = performance.now();
    const c = cpuMs(server.proc.pid!);
    await server.type(uri, v, before, current);
    await done;
    latencies.push(performance.now() - t);
    cpu.push(cpuMs(server.proc.pid!) - c);
  }
  return { wall: latencies, cpu };
}

function typingFigures(r: { wall: number[]; cpu: number[] }): string {
  const f = (x: number) => x.toFixed(0);
  return `wall median ${f(median(r.wall))} ms, p95 ${f(p95(r.wall))} ms; server CPU per edit median ${f(median(r.cpu))} ms`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let files = 500;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--files') files = Number(argv[++i]);
    else if (argv[i] === '--no-write') write = false;
    else if (argv[i] === '--server') SERVER = path.resolve(argv[++i]);
  }
  SERVER ||= path.join(shippedDist(), 'server.js');
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} not found: run npm run build first`);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-bench-ws-')));
  try {
    const { paths, lines, services } = generateWorkspace(dir, files);
    const uris = paths.map((p) => pathToFileURL(p).href);
    // The file typed into lives outside the workspace folder, so the scan covers exactly the generated files.
    const editorDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-bench-editor-')));
    editorDirs.push(editorDir);
    const editorFile = path.join(editorDir, 'compose.yaml');
    const editorText = generateRealistic(100, 7);
    fs.writeFileSync(editorFile, editorText);
    const editorUri = pathToFileURL(editorFile).href;

    // 1. The scan alone: time to the last diagnostic, memory.
    const scan = new LspClient(SERVER, dir, { settings: {}, workDoneProgress: true });
    await scan.initialize();
    let peakDuring = 0;
    const sampler = setInterval(() => (peakDuring = Math.max(peakDuring, memory(scan.proc.pid!).rss)), 50);
    await scan.until(() => uris.every((u) => scan.firstPublish.has(u)), 'every file published');
    const lastDiagnostic = Math.max(...uris.map((u) => scan.firstPublish.get(u)!));
    const firstDiagnostic = Math.min(...uris.map((u) => scan.firstPublish.get(u)!));
    await scan.until(() => scan.progressEnd !== undefined, 'progress end');
    clearInterval(sampler);
    const mem = memory(scan.proc.pid!);
    const totalFindings = uris.reduce((n, u) => n + (scan.latest.get(u)?.count ?? 0), 0);
    const skippedNoise = [...scan.firstPublish.keys()].filter((u) => u.includes('/node_modules/')).length;
    await scan.stop();

    // 2. Typing in an open 100-service file while the scan runs, then once it is done.
    const typing = new LspClient(SERVER, dir, { settings: {}, workDoneProgress: true });
    await typing.initialize();
    await typing.open(editorUri, editorText);
    await typing.until(() => typing.firstPublish.has(editorUri) && typing.firstPublish.size >= 20, 'scan under way');
    const checkedWhileTyping = typing.firstPublish.size;
    const duringScan = await typeInto(typing, editorUri, editorText, 2);
    const checkedAfterTyping = typing.firstPublish.size;
    await typing.until(() => typing.progressEnd !== undefined, 'progress end');
    const afterScan = await typeInto(typing, editorUri, editorText, 2 + EDITS);
    await typing.stop();

    // 3. The same editing with the background check off, for reference.
    const openOnly = new LspClient(SERVER, dir, { settings: { diagnostics: { scope: 'openFiles' } }, workDoneProgress: true });
    await openOnly.initialize();
    await openOnly.open(editorUri, editorText);
    await openOnly.until(() => openOnly.firstPublish.has(editorUri), 'open file published');
    const openFilesOnly = await typeInto(openOnly, editorUri, editorText, 2);
    const openOnlyMem = memory(openOnly.proc.pid!);
    await openOnly.stop();

    const f = (x: number) => x.toFixed(0);
    const rows = [
      `| files | ${files} compose files (${services.toLocaleString('en')} services in all) + ${files} Dockerfiles, ${lines.toLocaleString('en')} lines; ${totalFindings.toLocaleString('en')} diagnostics |`,
      `| first diagnostic | ${f(firstDiagnostic)} ms after \`initialized\` |`,
      `| last diagnostic | ${(lastDiagnostic / 1000).toFixed(1)} s after \`initialized\` (progress ended at ${((scan.progressEnd ?? NaN) / 1000).toFixed(1)} s) |`,
      `| server RSS | peak (VmHWM) ${f(mem.peak)} MB; when the scan is done ${f(mem.rss)} MB (open files only, one 100-service file open: ${f(openOnlyMem.rss)} MB) |`,
      `| files under node_modules published | ${skippedNoise} |`,
      `| typing in an open 100-service file while the scan runs | ${typingFigures(duringScan)} (the scan had published ${checkedWhileTyping} files when the edits began, ${checkedAfterTyping} when they ended) |`,
      `| the same edits after the scan | ${typingFigures(afterScan)} |`,
      `| the same edits, \`aiStack.diagnostics.scope: openFiles\` | ${typingFigures(openFilesOnly)} |`,
    ];
    const markdown = [
      `## ${SECTION}`,
      '',
      `\`npm run bench\` (bench/workspace.ts): \`dist/server.js --stdio\` started on a generated workspace as VS Code starts it (one workspace folder, configuration and work-done progress). ` +
        `Each folder holds a realistic compose file (bench/realistic.ts, 2–8 services) and a Dockerfile (seeded variants: \`latest\` tags, root user, piped installers, secrets in ENV, ADD). ` +
        `Latency of an edit is from \`didChange\` to its diagnostics, each edit after the previous one's diagnostics (bench/realistic.ts' keystroke). ` +
        `${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; the machine was shared with other jobs, so times vary between runs.`,
      '',
      '| measure | figure |',
      '|---|---|',
      ...rows,
      '',
      'Reading the figures: the scan checks one file per turn of the event loop and pauses while the user types (a check of an open document pending, or one within the last second), ' +
        'so during the 20 edits it checked only the few files between "began" and "ended"; the CPU per edit is that of the edit. ' +
        'The first and third typing rows are the first edits of a freshly started server (cold JIT and caches), the second the same edits warm. ' +
        'After each background file its parse and projects are released and the heap is trimmed, so the peak RSS is that of one open 100-service file plus the scan, not of 1000 models.',
      '',
    ].join('\n');
    console.log(markdown);
    if (peakDuring > mem.peak + 1) console.log(`(sampled RSS peak ${f(peakDuring)} MB)`);
    if (write) writeSection(SECTION, markdown);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (editorDirs.length) for (const d of editorDirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

const editorDirs: string[] = [];

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
