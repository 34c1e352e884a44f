/**
 * The accuracy ledger (issue 11): every finding the checker reports on the shared corpus
 * (../shared/corpus, third-party, read-only), each reviewed by hand as `true` or `false-positive`.
 *
 * - Every compose file is checked alone with `analyze()`, every Dockerfile alone, and the corpus's
 *   multi-file sets (below) through the project model, as `docker compose -f a -f b` would load them.
 * - A finding is keyed by rule id, service, a normalized message and, only when those repeat, an
 *   occurrence index; Dockerfile findings (no service) add the text they point at. No byte offsets
 *   or line numbers: an edit elsewhere in a file does not churn the key. `line` is informational.
 * - `accuracy.test.ts` fails when a finding appears or disappears that the ledger does not list, or
 *   when an entry is still `unreviewed`; `update.ts` (npm run accuracy:update) rewrites the ledger.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine';
import { projectFindings } from '../../server/src/engine/analyze/project';
import { loadProject } from '../../server/src/engine/project/project';
import { CORPUS_ROOT, corpusDir } from '../support/corpus';

export const LEDGER_PATH = path.join(__dirname, 'ledger.json');

export type Verdict = 'true' | 'false-positive' | 'unreviewed';

export interface Entry {
  /** file (sets only) | rule | service or - | normalized message [| @anchor for Dockerfiles] [#occurrence] */
  key: string;
  rule: string;
  /** Corpus file the finding is in (sets only: the member file). */
  file?: string;
  /** 1-based line at the last update: for reading the corpus file, not part of the key. */
  line: number;
  verdict: Verdict;
  reason?: string;
}

export interface LedgerFile {
  about: string;
  /** target ("compose/<file>", "dockerfile/<file>", "set/<name>") → its reviewed findings */
  targets: Record<string, Entry[]>;
}

/** An observed finding, keyed like a ledger entry. */
export type Observed = Omit<Entry, 'verdict' | 'reason'>;

/**
 * Multi-file sets of the corpus, by the files' original repository paths (from SOURCES.md). The
 * files are laid out in memory at those paths so `include:` and `-f` sets resolve as in the
 * repository; a file the corpus did not save reads as absent (no `.env` either).
 */
export const SETS: { name: string; repo: string; files: string[]; note: string }[] = [
  { name: 'ragflow', repo: 'infiniflow/ragflow', files: ['docker/docker-compose.yml'], note: 'include: ./docker-compose-base.yml' },
  { name: 'nvidia-basic-rag', repo: 'NVIDIA/GenerativeAIExamples', files: ['RAG/examples/basic_rag/langchain/docker-compose.yaml'], note: 'include: ../../local_deploy/docker-compose-vectordb.yaml (docker-compose-nim-ms.yaml is not in the corpus)' },
  { name: 'local-ai-packaged-private', repo: 'coleam00/local-ai-packaged', files: ['docker-compose.yml', 'docker-compose.override.private.yml'], note: '-f docker-compose.yml -f docker-compose.override.private.yml (the included supabase file is not in the corpus)' },
  { name: 'mattermost-nginx', repo: 'mattermost/docker', files: ['docker-compose.yml', 'docker-compose.nginx.yml'], note: '-f docker-compose.yml -f docker-compose.nginx.yml (README)' },
  { name: 'harbor-ollama-nvidia', repo: 'av/harbor', files: ['services/compose.ollama.yml', 'services/compose.x.ollama.nvidia.yml'], note: 'harbor merges compose.x.<svc>.nvidia.yml over compose.<svc>.yml' },
  { name: 'docsgpt-ollama-cpu', repo: 'arc53/DocsGPT', files: ['deployment/docker-compose.yaml', 'deployment/optional/docker-compose.optional.ollama-cpu.yaml'], note: '-f deployment/docker-compose.yaml -f deployment/optional/docker-compose.optional.ollama-cpu.yaml' },
];

/**
 * Findings about files the corpus did not save (an `include:` of a file left out): an artifact of
 * the corpus, not of a rule, so not part of the ledger.
 */
const CORPUS_ARTIFACTS = new Set(['project-file-missing']);

export function normalizeMessage(message: string): string {
  return message
    .replace(/\s+/g, ' ')
    .replace(/\b(lines?) \d+(?:[-–,]\s?\d+)*/gi, '$1 N')
    .trim();
}

function anchorOf(text: string, f: Finding): string {
  const first = text.slice(f.range.start, Math.min(f.range.end, f.range.start + 400)).split('\n')[0];
  return first.replace(/\s+/g, ' ').trim().slice(0, 60);
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Keys the findings of one target; `fileOf` maps a finding's path to its corpus file name and text. */
function keyed(findings: Finding[], fileOf: (p: string) => { name: string; text: string }, inSet = false): Observed[] {
  const seen = new Map<string, number>();
  const out: Observed[] = [];
  for (const f of findings) {
    if (CORPUS_ARTIFACTS.has(f.ruleId)) continue;
    const { name, text } = fileOf(f.file);
    const message = normalizeMessage(f.message);
    let base = `${f.ruleId} | ${f.service ?? '-'} | ${message}`;
    if (!f.service) base += ` | @${anchorOf(text, f)}`;
    if (inSet) base = `${name} | ${base}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const key = n > 1 ? `${base} #${n}` : base;
    out.push({ key, rule: f.ruleId, ...(inSet ? { file: name } : {}), line: lineOf(text, f.range.start) });
  }
  return out;
}

/** The service part of a key (after the file, for sets, and the rule). */
export function serviceOf(e: { key: string; file?: string }): string {
  return e.key.split(' | ')[e.file ? 2 : 1];
}

function corpusFiles(kind: 'compose' | 'dockerfile'): string[] {
  const dir = corpusDir(kind);
  return fs.readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
}

/** saved name (compose/x) ↔ repo + original path, from the corpus's SOURCES.md table. */
function sources(): { saved: string; repo: string; path: string }[] {
  const md = fs.readFileSync(path.join(CORPUS_ROOT!, 'SOURCES.md'), 'utf8');
  const rows: { saved: string; repo: string; path: string }[] = [];
  for (const line of md.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length > 4 && /^(compose|dockerfile)\//.test(cells[1])) rows.push({ saved: cells[1], repo: cells[2], path: cells[3] });
  }
  return rows;
}

/** Runs the checker over the whole corpus: target → keyed findings. */
export function runCorpus(): Map<string, Observed[]> {
  const out = new Map<string, Observed[]>();
  for (const kind of ['compose', 'dockerfile'] as const) {
    for (const name of corpusFiles(kind)) {
      const p = path.join(corpusDir(kind), name);
      const text = fs.readFileSync(p, 'utf8');
      const analysis = analyze(p, text, {}, kind);
      if (!analysis) throw new Error(`no ${kind} analyzer`);
      out.set(`${kind}/${name}`, keyed(analysis.findings, () => ({ name: `${kind}/${name}`, text })));
    }
  }
  const rows = sources();
  const VROOT = '/corpus-sets';
  for (const set of SETS) {
    const byPath = new Map<string, { name: string; text: string }>();
    for (const r of rows.filter((x) => x.repo === set.repo)) {
      byPath.set(path.posix.join(VROOT, set.repo, r.path), { name: r.saved, text: fs.readFileSync(path.join(CORPUS_ROOT!, r.saved), 'utf8') });
    }
    const files = set.files.map((f) => path.posix.join(VROOT, set.repo, f));
    const missing = files.filter((f) => !byPath.has(f));
    if (missing.length) throw new Error(`set ${set.name}: ${missing.join(', ')} not in the corpus (SOURCES.md)`);
    const project = loadProject({ files, read: (p) => byPath.get(p)?.text, environment: {} });
    // Only what the set adds: a finding of a rule at a place (file, line, service) where the file
    // alone has one of the same rule is that file's (interpolation may reword it), not the set's.
    const place = (file: string, e: Observed) => `${file} | ${e.rule} | ${e.line} | ${serviceOf(e)}`;
    const alone = new Set([...out.entries()].filter(([t]) => t.startsWith('compose/')).flatMap(([t, es]) => es.map((e) => place(t, e))));
    const found = keyed(projectFindings(project), (p) => byPath.get(p) ?? { name: p, text: '' }, true);
    out.set(`set/${set.name}`, found.filter((o) => !alone.has(place(o.file!, o))));
  }
  return out;
}

export function readLedger(): LedgerFile {
  if (!fs.existsSync(LEDGER_PATH)) return { about: ABOUT, targets: {} };
  return JSON.parse(fs.readFileSync(LEDGER_PATH, 'utf8')) as LedgerFile;
}

export const ABOUT =
  'Reviewed findings of the checker on ../shared/corpus (see docs/accuracy.md). verdict: true | false-positive | unreviewed. Refresh with `npm run accuracy:update`, then review every unreviewed entry.';

export function writeLedger(ledger: LedgerFile): void {
  // One entry per line: reviewable in a diff, greppable by rule or verdict.
  const parts: string[] = [];
  for (const t of Object.keys(ledger.targets).sort()) {
    const entries = [...ledger.targets[t]]
      .sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.key.localeCompare(b.key))
      .map((e) => '  ' + JSON.stringify({ key: e.key, rule: e.rule, ...(e.file ? { file: e.file } : {}), line: e.line, verdict: e.verdict, ...(e.reason ? { reason: e.reason } : {}) }));
    parts.push(`${JSON.stringify(t)}: [\n${entries.join(',\n')}\n ]`);
  }
  fs.writeFileSync(LEDGER_PATH, `{"about": ${JSON.stringify(ABOUT)},\n"targets": {\n${parts.join(',\n')}\n}}\n`);
}

export interface Delta {
  added: (Observed & { target: string })[];
  missing: (Entry & { target: string })[];
  unreviewed: (Entry & { target: string })[];
}

export function compare(ledger: LedgerFile, observed: Map<string, Observed[]>): Delta {
  const delta: Delta = { added: [], missing: [], unreviewed: [] };
  const targets = new Set([...Object.keys(ledger.targets), ...observed.keys()]);
  for (const target of [...targets].sort()) {
    const listed = new Map((ledger.targets[target] ?? []).map((e) => [e.key, e]));
    const seen = new Set<string>();
    for (const o of observed.get(target) ?? []) {
      seen.add(o.key);
      const e = listed.get(o.key);
      if (!e) delta.added.push({ target, ...o });
      else if (e.verdict !== 'true' && e.verdict !== 'false-positive') delta.unreviewed.push({ target, ...e });
    }
    for (const e of listed.values()) if (!seen.has(e.key)) delta.missing.push({ target, ...e });
  }
  return delta;
}

export interface RuleStats {
  rule: string;
  total: number;
  tp: number;
  fp: number;
  unreviewed: number;
}

export function stats(ledger: LedgerFile): { rules: RuleStats[]; total: number; tp: number; fp: number; unreviewed: number } {
  const by = new Map<string, RuleStats>();
  for (const entries of Object.values(ledger.targets)) {
    for (const e of entries) {
      const s = by.get(e.rule) ?? { rule: e.rule, total: 0, tp: 0, fp: 0, unreviewed: 0 };
      s.total++;
      if (e.verdict === 'true') s.tp++;
      else if (e.verdict === 'false-positive') s.fp++;
      else s.unreviewed++;
      by.set(e.rule, s);
    }
  }
  const rules = [...by.values()].sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule));
  const sum = (k: 'total' | 'tp' | 'fp' | 'unreviewed') => rules.reduce((n, r) => n + r[k], 0);
  return { rules, total: sum('total'), tp: sum('tp'), fp: sum('fp'), unreviewed: sum('unreviewed') };
}

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : '—');

export function formatStats(ledger: LedgerFile): string {
  const s = stats(ledger);
  const reviewed = s.tp + s.fp;
  const lines = [
    `precision: ${pct(s.tp, reviewed)}% (${s.tp} true / ${reviewed} reviewed findings; ${s.fp} false positives${s.unreviewed ? `, ${s.unreviewed} unreviewed` : ''})`,
    `${'rule'.padEnd(36)} ${'total'.padStart(5)} ${'true'.padStart(5)} ${'FP'.padStart(4)} ${'unrev'.padStart(5)}  precision`,
    ...s.rules.map((r) => `${r.rule.padEnd(36)} ${String(r.total).padStart(5)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(4)} ${String(r.unreviewed).padStart(5)}  ${pct(r.tp, r.tp + r.fp)}%`),
  ];
  return lines.join('\n');
}

/** The corpus line an entry points at (for reviewing), trimmed. */
export function sourceLine(target: string, e: { file?: string; line: number }): string {
  const file = e.file ?? target;
  try {
    return (fs.readFileSync(path.join(CORPUS_ROOT!, file), 'utf8').split('\n')[e.line - 1] ?? '').trim().slice(0, 160);
  } catch {
    return '';
  }
}

export const DOC_PATH = path.join(__dirname, '..', '..', 'docs', 'accuracy.md');

/** The generated parts of docs/accuracy.md: the figures and the false positives per rule and reason. */
export function docSections(ledger: LedgerFile): { figures: string; fp: string } {
  const s = stats(ledger);
  const p = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '—');
  const figures = [
    `**Precision ${pct(s.tp, s.tp + s.fp)} %**: ${s.tp} true of ${s.tp + s.fp} reviewed findings, ${s.fp} false positives, ${s.unreviewed} unreviewed.`,
    '',
    '| rule | findings | true | false positives | precision |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...s.rules.map((r) => `| ${r.rule} | ${r.total} | ${r.tp} | ${r.fp} | ${p(r.tp, r.tp + r.fp)} |`),
  ].join('\n');
  const byReason = new Map<string, number>();
  for (const entries of Object.values(ledger.targets)) {
    for (const e of entries) {
      if (e.verdict !== 'false-positive') continue;
      // One line per rule and pattern: a trailing "(image name)" detail is folded.
      const k = `${e.rule}\u0000${(e.reason ?? '').replace(/ \([^()]*\)$/, '')}`;
      byReason.set(k, (byReason.get(k) ?? 0) + 1);
    }
  }
  const fp = [
    '| rule | count | reason (as in the ledger) |',
    '| --- | ---: | --- |',
    ...[...byReason.entries()].map(([k, n]) => [...k.split('\u0000'), n] as [string, string, number]).sort((a, b) => a[0].localeCompare(b[0]) || b[2] - a[2] || a[1].localeCompare(b[1])).map(([rule, reason, n]) => {
      return `| ${rule} | ${n} | ${reason.replace(/\|/g, '\\|')} |`;
    }),
  ].join('\n');
  return { figures, fp };
}

/** docs/accuracy.md with its generated sections replaced by those of `ledger`. */
export function renderDoc(doc: string, ledger: LedgerFile): string {
  const { figures, fp } = docSections(ledger);
  const put = (text: string, name: string, body: string) => text.replace(new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`), (_m, a: string, b: string) => `${a}\n${body}\n${b}`);
  return put(put(doc, 'figures', figures), 'false-positives', fp);
}

export function formatEntry(e: { target: string; key: string; line: number; reason?: string }): string {
  return `  ${e.target} line ${e.line}: ${e.key}${e.reason ? `  [${e.reason}]` : ''}`;
}
