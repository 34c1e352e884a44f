/** What `ai-stack check` found, with 1-based positions, and its text and JSON renderings. */
import path from 'node:path';
import type { Finding, Severity } from '../engine/rule';
import { LineTable, OffsetRange } from '../engine/text';

/** 1-based line and column (column in UTF-16 code units, as editors and SARIF count them). */
export interface Point {
  line: number;
  column: number;
}

export interface Located {
  /** Absolute path. */
  path: string;
  /** Path as shown to the user: relative to the working directory when inside it. */
  display: string;
  start: Point;
  /** Exclusive end. */
  end: Point;
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  service?: string;
  location: Located;
  related: (Located & { message: string })[];
  /** The rule's quick fix, when it offers one (safe ones are applied by --fix). */
  fix?: { title: string; safe: boolean };
}

export interface AppliedFix {
  file: string;
  line: number;
  ruleId: string;
  title: string;
}

export interface CheckReport {
  cwd: string;
  /** Display paths of every file checked. */
  files: string[];
  findings: ReportFinding[];
  fixed: AppliedFix[];
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/**
 * The checked texts by file, and their line tables and display paths, each built once per file
 * (never one scan or one path computation per finding).
 */
export class Locator {
  private readonly texts = new Map<string, string>();
  private readonly tables = new Map<string, LineTable>();
  private readonly displays = new Map<string, string>();

  constructor(private readonly cwd: string, private readonly readText: (file: string) => string | undefined) {}

  /** The text checked for a file (absolute path). Reading the file again gives it to the engine without a second decode. */
  add(file: string, text: string): void {
    this.texts.set(file, text);
    this.tables.delete(file);
  }

  /** The text added for a file, if any. */
  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  locate(file: string, range: OffsetRange): Located {
    let table = this.tables.get(file);
    if (!table) {
      table = new LineTable(this.texts.get(file) ?? this.readText(file) ?? '');
      this.tables.set(file, table);
    }
    let display = this.displays.get(file);
    if (display === undefined) {
      display = displayPath(file, this.cwd);
      this.displays.set(file, display);
    }
    const s = table.positionAt(range.start);
    const e = table.positionAt(Math.max(range.start, range.end));
    return { path: file, display, start: { line: s.line + 1, column: s.character + 1 }, end: { line: e.line + 1, column: e.character + 1 } };
  }

  finding(f: Finding, fix: ReportFinding['fix']): ReportFinding {
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      service: f.service,
      location: this.locate(f.file, f.range),
      related: (f.related ?? []).map((r) => ({ ...this.locate(r.file, r.range), message: r.message })),
      fix,
    };
  }
}

export function renderText(report: CheckReport): string {
  const lines = report.findings.map((f) => `${f.location.display}:${f.location.start.line}:${f.location.start.column} ${f.severity} ${f.ruleId} ${oneLine(f.message)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function renderFixes(report: CheckReport): string {
  return report.fixed.map((f) => `fixed ${f.file}:${f.line} ${f.ruleId}: ${f.title}\n`).join('');
}

/** `12 problems (1 error, 9 warnings, 2 hints); 4 files checked, 2 with findings`: plurals right, zero counts left out. */
export function summary(report: CheckReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const count = (s: Severity): number => report.findings.filter((f) => f.severity === s).length;
  const parts = (['error', 'warning', 'info', 'hint'] as const).filter((s) => count(s) > 0).map((s) => plural(count(s), s));
  const withFindings = new Set(report.findings.map((f) => f.location.display)).size;
  const files = `${plural(report.files.length, 'file')} checked${report.files.length ? `, ${withFindings} with findings` : ''}`;
  const fixed = report.fixed.length ? `; fixed ${plural(report.fixed.length, 'problem')}` : '';
  const problems = report.findings.length ? `${plural(report.findings.length, 'problem')} (${parts.join(', ')})` : '0 problems';
  return `${problems}; ${files}${fixed}\n`;
}

export function renderJson(report: CheckReport): string {
  const strip = (l: Located) => ({ file: l.display, line: l.start.line, column: l.start.column, endLine: l.end.line, endColumn: l.end.column });
  return (
    JSON.stringify(
      {
        version: 1,
        files: report.files,
        findings: report.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          ...strip(f.location),
          ...(f.service ? { service: f.service } : {}),
          ...(f.related.length ? { related: f.related.map((r) => ({ ...strip(r), message: r.message })) } : {}),
          ...(f.fix ? { fix: f.fix } : {}),
        })),
        fixed: report.fixed,
      },
      null,
      2,
    ) + '\n'
  );
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}
