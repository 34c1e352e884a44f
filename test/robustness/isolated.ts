/**
 * Runs one piece of engine / language-server work in a child process, so that a hang or a crash
 * fails the test that asked for it instead of hanging (or killing) the whole suite. The child gets
 * a 1 GB heap (the memory bound) and a generous timeout; no assertion depends on timing.
 *
 * Parent: `runIsolated(job, input)`. Child: `node --import tsx isolated.ts <job> <input.json>`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FindingOut {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  start: number;
  end: number;
}

export interface Input {
  /** Files to write (relative path → text) into a fresh temp directory. */
  files: Record<string, string>;
  /** The file to analyze / open (relative). */
  target: string;
  /** For 'lsp' and 'workspace': offsets in `target` to ask hover / completion / definition at. */
  offsets?: number[];
  /** Symlinks to create (relative link → relative target). */
  links?: Record<string, string>;
}

export interface Output {
  findings: FindingOut[];
  /** For 'lsp': one entry per request, 'ok' or the error message. */
  requests?: string[];
  /** For 'lsp': completion labels per offset. */
  completions?: string[][];
  heapMb: number;
}

export type Job = 'analyze' | 'workspace' | 'lsp' | 'project';

const TIMEOUT_MS = 60_000;

/** Runs `job` on `input` in a child with a 1 GB heap; throws (failing the test) when it hangs, crashes or runs out of memory. */
export function runIsolated(job: Job, input: Input, timeoutMs = TIMEOUT_MS): Output {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-robust-'));
  try {
    const inputFile = path.join(dir, 'input.json');
    fs.writeFileSync(inputFile, JSON.stringify(input));
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', __filename, job, inputFile], {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error || r.status !== 0) {
      const why = r.signal === 'SIGTERM' ? `did not finish within ${timeoutMs / 1000} s (hang)` : `exited with ${r.status ?? r.signal}`;
      throw new Error(`${job} of ${input.target} ${why}\n${(r.stderr ?? '').slice(-2000)}`);
    }
    return JSON.parse(fs.readFileSync(path.join(dir, 'output.json'), 'utf8')) as Output;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function child(job: Job, inputFile: string): Promise<void> {
  const input = JSON.parse(fs.readFileSync(inputFile, 'utf8')) as Input;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aistack-robust-work-'));
  for (const [name, text] of Object.entries(input.files)) {
    fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    fs.writeFileSync(path.join(work, name), text);
  }
  for (const [link, target] of Object.entries(input.links ?? {})) fs.symlinkSync(target, path.join(work, link));
  const target = path.join(work, input.target);
  const text = fs.readFileSync(target, 'utf8');
  const read = (p: string) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const out = (findings: { file: string; ruleId: string; severity: string; message: string; range: { start: number; end: number } }[]) =>
    findings.map((f) => ({ file: path.relative(work, f.file), ruleId: f.ruleId, severity: f.severity, message: f.message, start: f.range.start, end: f.range.end }));
  let result: Omit<Output, 'heapMb'>;
  if (job === 'analyze') {
    const { analyze } = await import('../../server/src/engine');
    result = { findings: out(analyze(target, text, {})?.findings ?? []) };
  } else if (job === 'project') {
    const { loadProject } = await import('../../server/src/engine/project/project');
    const { findingsByFile } = await import('../../server/src/engine/analyze/project');
    const project = loadProject({ files: [target], read });
    result = { findings: out([...findingsByFile(project).values()].flat()) };
  } else if (job === 'workspace') {
    const { ProjectWorkspace } = await import('../../server/src/engine/analyze/workspace');
    const { completionsAt, hoverAt } = await import('../../server/src/engine/language');
    const ws = new ProjectWorkspace(read);
    const findings = out(ws.analyze(target, {}).findings);
    const project = ws.projectsFor(target)[0];
    const completions = (input.offsets ?? []).map((o) => {
      hoverAt(project, target, o);
      return completionsAt(project, target, o).map((c) => c.label);
    });
    result = { findings, completions };
  } else {
    result = await lsp(work, target, text, input.offsets ?? []);
  }
  fs.writeFileSync(path.join(path.dirname(inputFile), 'output.json'), JSON.stringify({ ...result, heapMb: Math.round(process.memoryUsage().heapUsed / 1048576) }));
  fs.rmSync(work, { recursive: true, force: true });
}

/** Opens the file in a real server (LSP connection pair), then asks hover, completion, definition and the outline. */
async function lsp(work: string, target: string, text: string, offsets: number[]): Promise<Omit<Output, 'heapMb'>> {
  const { startPair } = await import('../support/lspPair');
  const { CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest } = await import('vscode-languageserver-protocol/node');
  const { LineTable } = await import('../../server/src/engine/text');
  const pair = await startPair();
  const uri = pathToFileURL(target).href;
  const languageId = path.basename(target).startsWith('Dockerfile') ? 'dockerfile' : 'dockercompose';
  const published = await pair.open(uri, text, languageId);
  const lines = new LineTable(text);
  const findings = published.diagnostics.map((d) => ({
    file: path.relative(work, target),
    ruleId: String(d.code),
    severity: ['', 'error', 'warning', 'info', 'hint'][d.severity ?? 0],
    message: d.message,
    start: lines.offsetAt(d.range.start),
    end: lines.offsetAt(d.range.end),
  }));
  const requests: string[] = [];
  const completions: string[][] = [];
  const ask = async <T>(p: Promise<T>): Promise<T | undefined> => {
    try {
      const r = await p;
      requests.push('ok');
      return r;
    } catch (e) {
      requests.push((e as Error).message);
      return undefined;
    }
  };
  const textDocument = { uri };
  await ask(pair.client.sendRequest(DocumentSymbolRequest.type, { textDocument }));
  for (const offset of offsets) {
    const position = lines.positionAt(offset);
    await ask(pair.client.sendRequest(HoverRequest.type, { textDocument, position }));
    await ask(pair.client.sendRequest(DefinitionRequest.type, { textDocument, position }));
    const items = await ask(pair.client.sendRequest(CompletionRequest.type, { textDocument, position }));
    completions.push((Array.isArray(items) ? items : items?.items ?? []).map((i) => i.label));
  }
  pair.dispose();
  return { findings, requests, completions };
}

if (require.main === module) {
  child(process.argv[2] as Job, process.argv[3]).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
